package io.pipelineperf.analysis;

import org.HdrHistogram.AbstractHistogram;

/**
 * Percentiles of one latency in milliseconds with microsecond resolution, read from an HdrHistogram
 * that holds microseconds.
 */
public record LatencySummary(
    long count, double p50, double p95, double p99, double p999, double max, double mean) {

  public static LatencySummary ofMicros(AbstractHistogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        micros.getTotalCount(),
        ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(95)),
        ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)),
        ms(micros.getMaxValue()),
        Math.round(micros.getMean()) / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
