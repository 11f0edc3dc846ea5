package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latency curve (the "hockey stick"): e2e p50/p95/p99 at fixed fractions of the ceiling, each
 * point the median of its runs. Measured after the ceiling is known, on the same stack.
 */
public final class LatencyCurve {

  /** One point: the fraction, the rate it stands for, and the runs' figures there. */
  public record Point(double fraction, double rate, RateSummary runs) {}

  private LatencyCurve() {}

  /**
   * The rates of the curve: each fraction of the ceiling, rounded to {@code granularity} msg/s (at
   * least one granule), keyed by fraction in ascending order; empty without a ceiling.
   */
  public static Map<Double, Double> rates(
      Double ceiling, List<Double> fractions, double granularity) {
    Map<Double, Double> rates = new TreeMap<>();
    if (ceiling == null || ceiling <= 0) {
      return rates;
    }
    for (double f : fractions) {
      double rate = Math.max(granularity, Math.round(f * ceiling / granularity) * granularity);
      rates.put(f, rate);
    }
    return rates;
  }

  /** The points from the curve's steps, by fraction; a fraction without a run is left out. */
  public static List<Point> points(
      Map<Double, Double> rates, List<StepRecord> curveSteps, BenchLimits limits) {
    List<Point> points = new ArrayList<>();
    for (Map.Entry<Double, Double> e : rates.entrySet()) {
      List<StepRecord> runs = curveSteps.stream().filter(s -> s.rate() == e.getValue()).toList();
      if (!runs.isEmpty()) {
        points.add(new Point(e.getKey(), e.getValue(), RateSummary.of(runs, limits)));
      }
    }
    return points;
  }
}
