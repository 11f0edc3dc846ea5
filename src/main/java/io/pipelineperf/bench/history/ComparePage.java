package io.pipelineperf.bench.history;

import io.pipelineperf.analysis.OfflinePage;
import io.pipelineperf.bench.regress.RegressionGate.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code compare.html}: this run against a named baseline run, metric by metric side by side with
 * the delta, and the significance from the regression gate (this run against the like history's
 * median and spread); plus the e2e latency curves (p95 and p99 by rate) of both runs, their latency
 * curves by fraction of the ceiling, and their scaling tables side by side.
 */
public final class ComparePage {

  public static final String FILE_NAME = "compare.html";

  public record Row(
      String metric,
      boolean higherIsBetter,
      Double baseline,
      Double current,
      Double deltaPct,
      Double historyMedian,
      Double pValue,
      String verdict) {}

  public record Curve(List<Double> rates, List<Double> baseline, List<Double> current) {}

  /** One scaling cell of either run: ceilings, efficiencies and this run's bottleneck. */
  public record ScalingPair(
      String cell,
      Double baselineCeiling,
      Double currentCeiling,
      Double baselineEfficiency,
      Double currentEfficiency,
      String currentBottleneck) {}

  public record Data(
      String title,
      String baselineRunId,
      String baselineCommit,
      String currentRunId,
      String currentCommit,
      String currentDefects,
      List<Row> rows,
      Map<String, Curve> curves,
      Map<String, Curve> fractionCurves,
      List<ScalingPair> scaling) {}

  private ComparePage() {}

  public static Path write(
      Path file, HistoryRecord baseline, HistoryRecord current, HistoryGate.Report gate) {
    Data data = data(baseline, current, gate);
    return OfflinePage.write(
        file,
        OfflinePage.render("io/pipelineperf/bench/history/compare-page.html", data.title(), data));
  }

  static Data data(HistoryRecord baseline, HistoryRecord current, HistoryGate.Report gate) {
    TreeSet<String> metrics = new TreeSet<>(baseline.metrics().keySet());
    metrics.addAll(current.metrics().keySet());
    List<Row> rows = new ArrayList<>();
    for (String m : metrics) {
      Double b = baseline.metrics().get(m);
      Double c = current.metrics().get(m);
      Finding f =
          gate == null
              ? null
              : gate.findings().stream().filter(x -> x.metric().equals(m)).findFirst().orElse(null);
      rows.add(
          new Row(
              m,
              Metric.higherIsBetter(m),
              b,
              c,
              b == null || c == null || b == 0 ? null : (c - b) / Math.abs(b) * 100,
              f == null || Double.isNaN(f.baselineMedian()) ? null : f.baselineMedian(),
              f == null || Double.isNaN(f.pValue()) ? null : f.pValue(),
              f == null ? "" : f.verdict().name()));
    }
    return new Data(
        "Benchmark comparison: " + current.runId() + " vs " + baseline.runId(),
        baseline.runId(),
        baseline.fingerprint().commit(),
        current.runId(),
        current.fingerprint().commit(),
        current.fingerprint().plantedDefects(),
        rows,
        Map.of(
            "p95Ms", curve(baseline, current, "p95Ms"), "p99Ms", curve(baseline, current, "p99Ms")),
        Map.of(
            "p50Ms",
            fractionCurve(baseline, current, "p50Ms"),
            "p95Ms",
            fractionCurve(baseline, current, "p95Ms"),
            "p99Ms",
            fractionCurve(baseline, current, "p99Ms")),
        scaling(baseline, current));
  }

  /** The latency curve by % of the ceiling: {@code curve@<pct>pct.<figure>} of both runs. */
  private static Curve fractionCurve(HistoryRecord baseline, HistoryRecord current, String figure) {
    TreeSet<Double> pcts = new TreeSet<>();
    for (HistoryRecord r : List.of(baseline, current)) {
      r.extras().latencyCurve().forEach(p -> pcts.add((double) Math.round(p.fraction() * 100)));
    }
    List<Double> x = new ArrayList<>(pcts);
    return new Curve(
        x,
        x.stream().map(p -> fractionValue(baseline, p, figure)).toList(),
        x.stream().map(p -> fractionValue(current, p, figure)).toList());
  }

  private static Double fractionValue(HistoryRecord r, double pct, String figure) {
    return r.metrics().get("curve@" + Math.round(pct) + "pct." + figure);
  }

  private static List<ScalingPair> scaling(HistoryRecord baseline, HistoryRecord current) {
    Map<String, HistoryExtras.ScalingRow> before = new java.util.LinkedHashMap<>();
    baseline.extras().scaling().forEach(r -> before.put(r.cell(), r));
    Map<String, HistoryExtras.ScalingRow> after = new java.util.LinkedHashMap<>();
    current.extras().scaling().forEach(r -> after.put(r.cell(), r));
    java.util.LinkedHashSet<String> cells = new java.util.LinkedHashSet<>(after.keySet());
    cells.addAll(before.keySet());
    List<ScalingPair> pairs = new ArrayList<>();
    for (String c : cells) {
      HistoryExtras.ScalingRow b = before.get(c);
      HistoryExtras.ScalingRow a = after.get(c);
      pairs.add(
          new ScalingPair(
              c,
              b == null ? null : b.ceilingMsgPerSec(),
              a == null ? null : a.ceilingMsgPerSec(),
              b == null ? null : b.efficiency(),
              a == null ? null : a.efficiency(),
              a == null ? null : a.bottleneck()));
    }
    return pairs;
  }

  private static Curve curve(HistoryRecord baseline, HistoryRecord current, String figure) {
    TreeSet<Double> rates = new TreeSet<>();
    for (HistoryRecord r : List.of(baseline, current)) {
      r.steps().stream().filter(s -> "e2e".equals(s.kind())).forEach(s -> rates.add(s.rate()));
    }
    List<Double> x = new ArrayList<>(rates);
    return new Curve(x, values(baseline, x, figure), values(current, x, figure));
  }

  private static List<Double> values(HistoryRecord r, List<Double> rates, String figure) {
    return rates.stream().map(rate -> r.metrics().get(Metric.ofStep("e2e", rate, figure))).toList();
  }
}
