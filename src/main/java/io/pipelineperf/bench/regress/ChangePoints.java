package io.pipelineperf.bench.regress;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Change points in a series by e-divisive means (Matteson and James 2014), with the significance
 * check Hunter/Apache Otava use instead of the permutation test: a candidate split is the one that
 * maximises the energy-distance statistic of the two sides; it is kept only when a Welch t-test
 * between the two sides gives p at most {@link Options#maxPValue()}. Kept splits divide the series
 * and each part is searched again. A final pass re-tests every change point against its neighbours
 * (at most {@link Options#window()} points either side) and drops the ones that no longer hold.
 */
public final class ChangePoints {

  /**
   * @param maxPValue a split is kept when the Welch t-test gives p at most this (0.001 for history)
   * @param minSegment the fewest points either side of a split (small sides make the t-test noisy)
   * @param window the most points either side a change point is re-tested on
   */
  public record Options(double maxPValue, int minSegment, int window) {
    public Options {
      if (!(maxPValue > 0 && maxPValue < 1)) {
        throw new IllegalArgumentException("maxPValue must be in (0, 1): " + maxPValue);
      }
      if (minSegment < 2) {
        throw new IllegalArgumentException("minSegment must be at least 2: " + minSegment);
      }
      if (window < minSegment) {
        throw new IllegalArgumentException("window must be at least minSegment: " + window);
      }
    }

    /** p at most 0.001, at least 5 points a side, re-tested on up to 50 a side (as Otava). */
    public static Options defaults() {
      return new Options(0.001, 5, 50);
    }
  }

  /**
   * A change: the series is different from {@code index} on.
   *
   * @param magnitudePct (meanAfter - meanBefore) / |meanBefore| in percent (NaN when meanBefore is
   *     0)
   */
  public record ChangePoint(
      int index, double meanBefore, double meanAfter, double magnitudePct, double pValue) {}

  private static final TTest T_TEST = new TTest();

  private ChangePoints() {}

  public static List<ChangePoint> detect(double[] series) {
    return detect(series, Options.defaults());
  }

  public static List<ChangePoint> detect(double[] series, Options options) {
    TreeSet<Integer> splits = new TreeSet<>();
    split(series, 0, series.length, options, splits);
    return confirm(series, splits, options);
  }

  private static void split(double[] x, int lo, int hi, Options o, TreeSet<Integer> splits) {
    if (hi - lo < 2 * o.minSegment()) {
      return;
    }
    int best = bestSplit(x, lo, hi, o.minSegment());
    if (best < 0 || pValue(x, lo, best, hi) > o.maxPValue()) {
      return;
    }
    splits.add(best);
    split(x, lo, best, o, splits);
    split(x, best, hi, o, splits);
  }

  /**
   * The split of [lo, hi) with the largest energy statistic (m k / (m + k)) (2 E|X-Y| - E|X-X'| -
   * E|Y-Y'|), X the m points before it and Y the k from it on; -1 when the segment is constant.
   * Sums of pairwise distances are updated point by point, so one segment costs O(n^2).
   */
  static int bestSplit(double[] x, int lo, int hi, int minSegment) {
    int n = hi - lo;
    // left[t]: sum over pairs inside [lo, lo+t); right[t]: inside [lo+t, hi)
    double[] left = new double[n + 1];
    double[] right = new double[n + 1];
    for (int t = 1; t <= n; t++) {
      double add = 0;
      for (int i = lo; i < lo + t - 1; i++) {
        add += Math.abs(x[i] - x[lo + t - 1]);
      }
      left[t] = left[t - 1] + add;
    }
    for (int t = n - 1; t >= 0; t--) {
      double add = 0;
      for (int j = lo + t + 1; j < hi; j++) {
        add += Math.abs(x[lo + t] - x[j]);
      }
      right[t] = right[t + 1] + add;
    }
    double total = left[n];
    int best = -1;
    double bestQ = 0;
    for (int t = minSegment; t <= n - minSegment; t++) {
      double m = t;
      double k = n - t;
      double between = total - left[t] - right[t];
      double q =
          (m * k / n)
              * (2 * between / (m * k)
                  - left[t] / (m * (m - 1) / 2)
                  - right[t] / (k * (k - 1) / 2));
      if (q > bestQ) {
        bestQ = q;
        best = lo + t;
      }
    }
    return best;
  }

  /** Two-sided Welch t-test of [lo, at) against [at, hi); 0 when both are constant and differ. */
  static double pValue(double[] x, int lo, int at, int hi) {
    double[] a = java.util.Arrays.copyOfRange(x, lo, at);
    double[] b = java.util.Arrays.copyOfRange(x, at, hi);
    double va = StatUtils.variance(a);
    double vb = StatUtils.variance(b);
    if (va == 0 && vb == 0) {
      return StatUtils.mean(a) == StatUtils.mean(b) ? 1 : 0;
    }
    return T_TEST.tTest(a, b);
  }

  private static List<ChangePoint> confirm(double[] x, TreeSet<Integer> splits, Options o) {
    List<Integer> kept = new ArrayList<>(splits);
    boolean dropped = true;
    while (dropped && !kept.isEmpty()) {
      dropped = false;
      double weakestP = -1;
      int weakest = -1;
      for (int i = 0; i < kept.size(); i++) {
        double p = pValue(x, from(kept, i, o), kept.get(i), to(kept, i, x.length, o));
        if (p > o.maxPValue() && p > weakestP) {
          weakestP = p;
          weakest = i;
        }
      }
      if (weakest >= 0) {
        kept.remove(weakest);
        dropped = true;
      }
    }
    List<ChangePoint> result = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      int lo = from(kept, i, o);
      int at = kept.get(i);
      int hi = to(kept, i, x.length, o);
      double before = StatUtils.mean(x, lo, at - lo);
      double after = StatUtils.mean(x, at, hi - at);
      double magnitude = before == 0 ? Double.NaN : (after - before) / Math.abs(before) * 100;
      result.add(new ChangePoint(at, before, after, magnitude, pValue(x, lo, at, hi)));
    }
    return result;
  }

  private static int from(List<Integer> kept, int i, Options o) {
    int previous = i == 0 ? 0 : kept.get(i - 1);
    return Math.max(previous, kept.get(i) - o.window());
  }

  private static int to(List<Integer> kept, int i, int length, Options o) {
    int next = i == kept.size() - 1 ? length : kept.get(i + 1);
    return Math.min(next, kept.get(i) + o.window());
  }
}
