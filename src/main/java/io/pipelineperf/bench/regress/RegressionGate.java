package io.pipelineperf.bench.regress;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Compares one new value of a metric with the same metric's recent history of like runs. The
 * baseline is the history's median, its spread the median absolute deviation (MAD, scaled to a
 * standard deviation for normal data). The new value is a regression when it is worse than the
 * median by more than {@link Options#maxRegressionPct()} AND the difference is beyond the noise:
 * the two-sided p-value of a t-test of the new value against the history (a prediction interval: t
 * = (x - mean) / (s sqrt(1 + 1/n)), n - 1 degrees of freedom) is at most {@link
 * Options#maxPValue()}. The same test the other way round reports an improvement.
 */
public final class RegressionGate {

  /**
   * @param maxRegressionPct worse than the baseline median by more than this fails
   * @param maxPValue the difference must also be significant at this level
   * @param minHistory fewer like runs than this: "not enough history", never a failure
   * @param window only the latest this many like runs form the baseline
   */
  public record Options(double maxRegressionPct, double maxPValue, int minHistory, int window) {

    public Options {
      if (!(maxRegressionPct > 0) || !(maxPValue > 0 && maxPValue < 1) || minHistory < 2) {
        throw new IllegalArgumentException(
            "bench gate options: maxRegressionPct > 0, 0 < maxPValue < 1, minHistory >= 2");
      }
      if (window < minHistory) {
        throw new IllegalArgumentException("bench.historyWindow must be at least bench.minHistory");
      }
    }

    /**
     * {@code bench.maxRegressionPct} (20), {@code bench.maxPValue} (0.01), {@code bench.minHistory}
     * (5) and {@code bench.historyWindow} (20).
     */
    public static Options fromSystemProperties() {
      return new Options(
          Double.parseDouble(System.getProperty("bench.maxRegressionPct", "20")),
          Double.parseDouble(System.getProperty("bench.maxPValue", "0.01")),
          Integer.parseInt(System.getProperty("bench.minHistory", "5")),
          Integer.parseInt(System.getProperty("bench.historyWindow", "20")));
    }
  }

  public enum Verdict {
    REGRESSION,
    IMPROVEMENT,
    UNCHANGED,
    NOT_ENOUGH_HISTORY
  }

  /**
   * The comparison of one metric. deltaPct is (new - median) / |median| in percent; pValue is NaN
   * when there is not enough history.
   */
  public record Finding(
      String metric,
      boolean higherIsBetter,
      Verdict verdict,
      int historyRuns,
      double baselineMedian,
      double baselineMad,
      double newValue,
      double deltaPct,
      double pValue) {

    /**
     * A metric every recent like run had and this run lacks: the rate it belongs to no longer held,
     * the worst regression there is (a latency past the ceiling is not recorded).
     */
    public static Finding vanished(
        String metric, boolean higherIsBetter, int historyRuns, double median, double mad) {
      return new Finding(
          metric,
          higherIsBetter,
          Verdict.REGRESSION,
          historyRuns,
          median,
          mad,
          Double.NaN,
          Double.NaN,
          0);
    }

    public String describe() {
      if (verdict == Verdict.REGRESSION && Double.isNaN(newValue)) {
        return String.format(
            Locale.ROOT,
            "REGRESSION %s: baseline median %s (MAD %s over %d like runs), and this run has no"
                + " value: its rate no longer held",
            metric,
            fmt(baselineMedian),
            fmt(baselineMad),
            historyRuns);
      }
      if (verdict == Verdict.NOT_ENOUGH_HISTORY) {
        return String.format(
            Locale.ROOT,
            "%s: not enough history (%d like runs, need more) - new value %s",
            metric,
            historyRuns,
            fmt(newValue));
      }
      return String.format(
          Locale.ROOT,
          "%s %s: baseline median %s (MAD %s over %d like runs), new %s, delta %+.1f %% (%s is"
              + " better), p = %.2g",
          verdict,
          metric,
          fmt(baselineMedian),
          fmt(baselineMad),
          historyRuns,
          fmt(newValue),
          deltaPct,
          higherIsBetter ? "higher" : "lower",
          pValue);
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }
  }

  private RegressionGate() {}

  /** Compares {@code newValue} with {@code history} (oldest first; the latest window is used). */
  public static Finding compare(
      String metric, boolean higherIsBetter, double[] history, double newValue, Options o) {
    double[] h =
        history.length > o.window()
            ? Arrays.copyOfRange(history, history.length - o.window(), history.length)
            : history.clone();
    if (h.length < o.minHistory()) {
      return new Finding(
          metric,
          higherIsBetter,
          Verdict.NOT_ENOUGH_HISTORY,
          h.length,
          Double.NaN,
          Double.NaN,
          newValue,
          Double.NaN,
          Double.NaN);
    }
    double median = new Median().evaluate(h);
    double mad = mad(h, median);
    double delta = median == 0 ? Double.NaN : (newValue - median) / Math.abs(median) * 100;
    double p = predictionPValue(h, newValue);
    double worsePct = higherIsBetter ? -delta : delta;
    Verdict verdict = Verdict.UNCHANGED;
    if (p <= o.maxPValue() && worsePct > o.maxRegressionPct()) {
      verdict = Verdict.REGRESSION;
    } else if (p <= o.maxPValue() && worsePct < 0) {
      verdict = Verdict.IMPROVEMENT;
    }
    return new Finding(metric, higherIsBetter, verdict, h.length, median, mad, newValue, delta, p);
  }

  /** Median absolute deviation times 1.4826 (a standard deviation for normal data). */
  public static double mad(double[] h, double median) {
    double[] dev = Arrays.stream(h).map(v -> Math.abs(v - median)).toArray();
    return 1.4826 * new Median().evaluate(dev);
  }

  /** Two-sided p of the new value against the history's t prediction interval. */
  static double predictionPValue(double[] h, double x) {
    int n = h.length;
    double mean = StatUtils.mean(h);
    double sd = Math.sqrt(StatUtils.variance(h));
    if (sd == 0) {
      return x == mean ? 1 : 0;
    }
    double t = (x - mean) / (sd * Math.sqrt(1 + 1.0 / n));
    return 2 * (1 - new TDistribution(n - 1).cumulativeProbability(Math.abs(t)));
  }
}
