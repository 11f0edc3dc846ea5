package io.pipelineperf.analysis;

/**
 * The limits of an ack-only run (the load generator's own ceiling): produce-to-acknowledge p99, the
 * error rate and the achieved share of the target rate. Each can be set with a system property:
 * {@code -Dassert.ackP99Ms=} (20), {@code -Dassert.errorRatePct=} (1), {@code
 * -Dassert.throughputRatio=} (0.99).
 */
public record AckOnlyThresholds(double ackP99Ms, double errorRatePct, double throughputRatio) {

  public static AckOnlyThresholds defaults() {
    return new AckOnlyThresholds(20, 1.0, 0.99);
  }

  public static AckOnlyThresholds fromSystemProperties() {
    AckOnlyThresholds d = defaults();
    return new AckOnlyThresholds(
        NumberProperties.nonNegative("assert.ackP99Ms", d.ackP99Ms),
        NumberProperties.nonNegative("assert.errorRatePct", d.errorRatePct),
        NumberProperties.nonNegative("assert.throughputRatio", d.throughputRatio));
  }
}
