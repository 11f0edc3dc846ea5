package io.pipelineperf.analysis;

import java.util.Arrays;

/**
 * Theil–Sen slope: the median of the slopes between every pair of points, with Sen's confidence
 * interval (ranks from the variance of Kendall's S, ties not corrected). Robust: up to ~29 % of the
 * points may be outliers (a stray GC that collected more, a sampling glitch) without moving it,
 * where a least-squares line through a GC sawtooth swings with every tooth.
 */
public final class TheilSen {

  /** z of a two-sided 95 % interval. */
  static final double Z95 = 1.959964;

  /** Slope with its 95 % interval, in y units per x unit, from {@code n} points. */
  public record Estimate(double slope, double lower, double upper, int n) {}

  private TheilSen() {}

  /** Needs at least 2 points with distinct x; x need not be sorted. */
  public static Estimate fit(double[] x, double[] y) {
    int n = x.length;
    if (n != y.length || n < 2) {
      throw new IllegalArgumentException("need at least 2 points, had " + n);
    }
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = x[j] - x[i];
        if (dx != 0) {
          slopes[k++] = (y[j] - y[i]) / dx;
        }
      }
    }
    if (k == 0) {
      throw new IllegalArgumentException("all " + n + " points have the same x");
    }
    double[] s = Arrays.copyOf(slopes, k);
    Arrays.sort(s);
    double median = k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    double varS = n * (n - 1.0) * (2.0 * n + 5) / 18.0;
    double c = Z95 * Math.sqrt(varS);
    int lowerRank = (int) Math.floor((k - c) / 2); // 1-based rank of the lower bound
    int upperRank = (int) Math.ceil((k + c) / 2) + 1;
    double lower = s[clamp(lowerRank - 1, k)];
    double upper = s[clamp(upperRank - 1, k)];
    return new Estimate(median, lower, upper, n);
  }

  private static int clamp(int i, int k) {
    return Math.max(0, Math.min(k - 1, i));
  }
}
