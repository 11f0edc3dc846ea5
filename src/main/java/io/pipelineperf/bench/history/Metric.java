package io.pipelineperf.bench.history;

/** Whether a metric is better when it is lower (latency, CPU) or higher (rates, ceilings). */
public final class Metric {

  private Metric() {}

  /**
   * Higher is better for rates, ceilings, scaling efficiencies and pass rates; lower for everything
   * else (ms, µs/msg, MB, recovery seconds).
   */
  public static boolean higherIsBetter(String name) {
    return name.endsWith("MsgPerSec")
        || name.endsWith("achievedPct")
        || name.endsWith(".efficiency")
        || name.endsWith("passPct");
  }

  /** The metric of one step, e.g. {@code e2e@2000.p95Ms}. */
  static String ofStep(String kind, double rate, String figure) {
    return kind
        + "@"
        + (rate == Math.rint(rate) ? String.valueOf((long) rate) : rate)
        + "."
        + figure;
  }
}
