package io.pipelineperf.analysis;

import java.util.List;

/** Judges an ack-only run: ack p99, error rate and achieved rate against their limits. */
public final class AckOnlyAssertions {

  private AckOnlyAssertions() {}

  public static List<AssertionResult> evaluate(
      double ackP99Ms,
      double errorRatePct,
      double targetRate,
      double achievedRate,
      AckOnlyThresholds limits) {
    double floor = limits.throughputRatio() * targetRate;
    return List.of(
        new AssertionResult(
            "ack p99 < " + fmt(limits.ackP99Ms()) + " ms",
            ackP99Ms < limits.ackP99Ms(),
            ackP99Ms,
            limits.ackP99Ms()),
        new AssertionResult(
            "error rate < " + fmt(limits.errorRatePct()) + " %",
            errorRatePct < limits.errorRatePct(),
            errorRatePct,
            limits.errorRatePct()),
        new AssertionResult(
            "achieved ack rate >= " + fmt(floor) + " msg/s",
            achievedRate >= floor,
            achievedRate,
            floor));
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.valueOf(value);
  }
}
