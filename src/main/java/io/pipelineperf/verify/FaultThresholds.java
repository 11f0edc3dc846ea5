package io.pipelineperf.verify;

import java.math.BigDecimal;
import java.math.RoundingMode;

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
        nonNegative("assert.maxRecoverySeconds", d.maxRecoverySeconds),
        (long) nonNegative("assert.maxLost", d.maxLost),
        (long) nonNegative("assert.maxDuplicated", d.maxDuplicated),
        nonNegative("assert.errorRatePct", d.maxOutsideErrorRatePct));
  }

  private static double nonNegative(String property, double fallback) {
    String text = System.getProperty(property);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "-D"
              + property
              + "="
              + text
              + " is not a non-negative number; use e.g. -D"
              + property
              + "="
              + format(fallback));
    }
    return value;
  }

  /** 30, 0.5, 1.234 (at most three decimals). */
  static String format(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
