package io.pipelineperf.analysis;

/**
 * The limits a run must stay within. Each can be set with a system property (e.g. {@code
 * -Dassert.e2eP95Ms=250}).
 *
 * @param degradationFloorMs p95 values below this count as this value when comparing the thirds, so
 *     that 2 ms turning into 4 ms is not reported as a degradation
 */
public record RunThresholds(
    double e2eP95Ms,
    double errorRatePct,
    double throughputRatio,
    long maxLost,
    long maxDuplicated,
    double degradationRatio,
    double degradationFloorMs) {

  public static RunThresholds defaults() {
    return new RunThresholds(100, 1.0, 0.99, 0, 0, 1.5, 10);
  }

  public static RunThresholds fromSystemProperties() {
    RunThresholds d = defaults();
    return new RunThresholds(
        positive("assert.e2eP95Ms", d.e2eP95Ms),
        positive("assert.errorRatePct", d.errorRatePct),
        positive("assert.throughputRatio", d.throughputRatio),
        (long) positive("assert.maxLost", d.maxLost),
        (long) positive("assert.maxDuplicated", d.maxDuplicated),
        positive("assert.degradationRatio", d.degradationRatio),
        positive("assert.degradationFloorMs", d.degradationFloorMs));
  }

  private static double positive(String property, double fallback) {
    String text = System.getProperty(property);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(text.trim());
      if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D"
              + property
              + "="
              + text
              + " is not a non-negative number; use e.g. -D"
              + property
              + "="
              + fallback);
    }
  }
}
