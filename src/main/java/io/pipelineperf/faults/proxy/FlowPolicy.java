package io.pipelineperf.faults.proxy;

import java.util.List;

/**
 * What the toxics active on one direction of one connection do to its data, folded into one set of
 * numbers: latencies add up, the smallest bandwidth and data limit win, the first slicer wins.
 */
record FlowPolicy(
    boolean holding,
    long latencyNanos,
    long jitterNanos,
    long bytesPerSecond,
    Toxic.Slicer slicer,
    long limitBytes) {

  static final long UNLIMITED = -1;
  static final FlowPolicy PASS_THROUGH = new FlowPolicy(false, 0, 0, UNLIMITED, null, UNLIMITED);

  static FlowPolicy of(List<Toxic> active) {
    if (active.isEmpty()) {
      return PASS_THROUGH;
    }
    boolean holding = false;
    long latency = 0;
    long jitter = 0;
    long rate = UNLIMITED;
    Toxic.Slicer slicer = null;
    long limit = UNLIMITED;
    for (Toxic toxic : active) {
      if (toxic instanceof Toxic.Timeout) {
        holding = true;
      } else if (toxic instanceof Toxic.Latency l) {
        latency += l.latencyMs() * 1_000_000L;
        jitter += l.jitterMs() * 1_000_000L;
      } else if (toxic instanceof Toxic.Bandwidth b) {
        rate = minLimit(rate, b.kbPerSec() * 1000L);
      } else if (toxic instanceof Toxic.Slicer s) {
        slicer = slicer == null ? s : slicer;
      } else if (toxic instanceof Toxic.LimitData d) {
        limit = minLimit(limit, d.bytes());
      }
      // ResetPeer acts through a timer, Down on the listener: neither shapes the data.
    }
    return new FlowPolicy(holding, latency, jitter, rate, slicer, limit);
  }

  private static long minLimit(long current, long candidate) {
    return current == UNLIMITED ? candidate : Math.min(current, candidate);
  }

  boolean isPassThrough() {
    return !holding
        && latencyNanos == 0
        && jitterNanos == 0
        && bytesPerSecond == UNLIMITED
        && slicer == null
        && limitBytes == UNLIMITED;
  }
}
