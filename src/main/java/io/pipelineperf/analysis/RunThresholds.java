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
        NumberProperties.nonNegative("assert.e2eP95Ms", d.e2eP95Ms),
        NumberProperties.nonNegative("assert.errorRatePct", d.errorRatePct),
        NumberProperties.nonNegative("assert.throughputRatio", d.throughputRatio),
        (long) NumberProperties.nonNegative("assert.maxLost", d.maxLost),
        (long) NumberProperties.nonNegative("assert.maxDuplicated", d.maxDuplicated),
        NumberProperties.nonNegative("assert.degradationRatio", d.degradationRatio),
        NumberProperties.nonNegative("assert.degradationFloorMs", d.degradationFloorMs));
  }
}
