package io.pipelineperf.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numeric limits read from system properties ({@code -Dassert.e2eP95Ms=}, {@code
 * -Dbench.ackP99Ms=}, ...): unset means the default; a bad value stops the run at once, naming the
 * setting and an example fix.
 */
public final class NumberProperties {

  private NumberProperties() {}

  /** The property as a number >= 0, or {@code fallback} when unset. */
  public static double nonNegative(String property, double fallback) {
    return read(property, fallback, false);
  }

  /** The property as a number > 0, or {@code fallback} when unset. */
  public static double positive(String property, double fallback) {
    return read(property, fallback, true);
  }

  private static double read(String property, double fallback, boolean strictlyPositive) {
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
    boolean ok = strictlyPositive ? value > 0 : value >= 0;
    if (!ok || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "-D"
              + property
              + "="
              + text
              + (strictlyPositive ? " is not a positive number" : " is not a non-negative number")
              + "; use e.g. -D"
              + property
              + "="
              + format(fallback));
    }
    return value;
  }

  /** 30, 0.5, 1.234 (at most three decimals). */
  public static String format(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
