package io.pipelineperf.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Builds synthetic sample series, one sample per second, for the summary and page tests. */
final class SyntheticRun {

  static final long T0 = 1_800_000_000_000L;

  private final List<Sample> samples = new ArrayList<>();

  /** Appends {@code seconds} samples in {@code phase}; values(i) gives the i-th sample's values. */
  SyntheticRun phase(String phase, int seconds, IntFunction<Map<String, Double>> values) {
    for (int i = 0; i < seconds; i++) {
      samples.add(new Sample(T0 + samples.size() * 1000L, phase, values.apply(i)));
    }
    return this;
  }

  List<Sample> samples() {
    return samples;
  }

  static Map<String, Double> values(Object... keyValues) {
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], ((Number) keyValues[i + 1]).doubleValue());
    }
    return m;
  }

  /** A healthy run: 5 s warm-up, 20 s measured, 10 s cool-down in which lag drains in 3 s. */
  static SyntheticRun healthy() {
    return new SyntheticRun()
        .phase(Phases.WARM_UP, 5, i -> base(30, 400, 0, 100, 0, i))
        .phase(Phases.MEASURED, 20, i -> base(50, 600, 0, 200, 10 + i, 5 + i))
        .phase(Phases.COOL_DOWN, 10, i -> base(10, 500, 0, i < 3 ? 300 - 100 * i : 0, 30, 25));
  }

  /** CPU %, heap MB, pool pending, lag, gc pause ms (cumulative), injector gc ms (cumulative). */
  static Map<String, Double> base(
      double cpu, double heapMb, double pending, double lag, double gcMs, double injGcMs) {
    return values(
        "svc.cpu.pct",
        cpu,
        "svc.heap.used.bytes",
        heapMb * 1024 * 1024,
        "svc.heap.committed.bytes",
        1024.0 * 1024 * 1024,
        "svc.gc.pause.ms",
        gcMs,
        "svc.gc.count",
        gcMs / 2,
        "pool.active",
        5,
        "pool.max",
        10,
        "pool.pending",
        pending,
        "lag.total",
        lag,
        "host.cpu.pct",
        cpu + 20,
        "inj.cpu.pct",
        15,
        "inj.gc.time.ms",
        injGcMs,
        "inj.cpu.thread.gatling.ms",
        injGcMs * 10,
        "inj.cpu.thread.kafkaproducer.ms",
        injGcMs * 20,
        "inj.heap.used.bytes",
        100.0 * 1024 * 1024,
        "mon.cpu.pct",
        0.5);
  }
}
