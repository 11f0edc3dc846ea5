package io.pipelineperf.analysis;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code cleanup} section of summary.json: per signal the baseline before the load, the value
 * after the drain, the tolerance and its verdict (PASS, FAIL, or NOT_MEASURED with a reason); the
 * section's verdict is FAIL when any signal failed.
 */
@JsonPropertyOrder({"verdict", "signals"})
public record CleanupReport(List<Entry> signals) {

  /** One resource compared before and after the load. */
  public record Entry(
      String signal,
      String key,
      Double baseline,
      Double after,
      Double growth,
      double tolerance,
      String verdict,
      String reason) {

    static Entry judged(String signal, String key, double baseline, double after, double tol) {
      double growth = after - baseline;
      boolean passed = growth <= tol;
      return new Entry(
          signal,
          key,
          baseline,
          after,
          growth,
          tol,
          passed ? "PASS" : "FAIL",
          passed ? "back within the tolerance after the drain" : "not given back after the drain");
    }

    static Entry notMeasured(String signal, double tol, String reason) {
      return new Entry(signal, null, null, null, null, tol, "NOT_MEASURED", reason);
    }

    boolean judged() {
      return growth != null;
    }
  }

  /** PASS, FAIL, or NOT_MEASURED when no signal could be judged. */
  public String getVerdict() {
    if (signals.stream().noneMatch(Entry::judged)) {
      return "NOT_MEASURED";
    }
    return signals.stream().anyMatch(e -> "FAIL".equals(e.verdict())) ? "FAIL" : "PASS";
  }

  /**
   * One CHECK per judged signal, "cleanup after drain: threads +2 <= 5": a failed one fails the
   * run. Signals not measured add none (an unmeasured limit would fail as unmet).
   */
  public List<AssertionResult> assertions() {
    List<AssertionResult> list = new ArrayList<>();
    for (Entry e : signals) {
      if (e.judged()) {
        list.add(
            new AssertionResult(
                "cleanup after drain: " + e.signal() + " growth <= " + fmt(e.tolerance()),
                "PASS".equals(e.verdict()),
                e.growth(),
                e.tolerance()));
      }
    }
    return list;
  }

  /** "Cleanup: FAIL threads 41 -> 40 (-1), fds 160 -> 472 (+312 > 10), ..." */
  public String line() {
    StringBuilder b = new StringBuilder("Cleanup: ").append(getVerdict());
    String sep = " ";
    for (Entry e : signals) {
      b.append(sep).append(e.signal());
      sep = ", ";
      if (!e.judged()) {
        b.append(" not measured");
        continue;
      }
      b.append(
          String.format(
              Locale.ROOT,
              " %s -> %s (%+.0f%s)",
              fmt(e.baseline()),
              fmt(e.after()),
              e.growth(),
              "PASS".equals(e.verdict()) ? "" : " > " + fmt(e.tolerance())));
    }
    return b.toString();
  }

  private static String fmt(double v) {
    return NumberProperties.format(v);
  }
}
