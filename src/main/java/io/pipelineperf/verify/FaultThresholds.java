package io.pipelineperf.verify;

import io.pipelineperf.analysis.NumberProperties;

/**
 * The limits one injected fault must stay within; each can be set with a system property: {@code
 * -Dassert.maxRecoverySeconds=30}, {@code -Dassert.maxLost=0}, {@code -Dassert.maxDuplicated=0},
 * {@code -Dassert.errorRatePct=1} (the last three mean the same as for a load run).
 *
 * @param maxRecoverySeconds recovery must take less than this
 * @param maxLost lost messages allowed (reconciliation)
 * @param maxDuplicated messages written more than once allowed (reconciliation)
 * @param maxOutsideErrorRatePct error rate outside the fault window must stay below this (%)
 */
public record FaultThresholds(
    double maxRecoverySeconds, long maxLost, long maxDuplicated, double maxOutsideErrorRatePct) {

  public static FaultThresholds defaults() {
    return new FaultThresholds(30, 0, 0, 1.0);
  }

  public static FaultThresholds fromSystemProperties() {
    FaultThresholds d = defaults();
    return new FaultThresholds(
        NumberProperties.nonNegative("assert.maxRecoverySeconds", d.maxRecoverySeconds),
        (long) NumberProperties.nonNegative("assert.maxLost", d.maxLost),
        (long) NumberProperties.nonNegative("assert.maxDuplicated", d.maxDuplicated),
        NumberProperties.nonNegative("assert.errorRatePct", d.maxOutsideErrorRatePct));
  }
}
