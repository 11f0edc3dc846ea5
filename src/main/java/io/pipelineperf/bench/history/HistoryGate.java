package io.pipelineperf.bench.history;

import io.pipelineperf.bench.regress.RegressionGate;
import io.pipelineperf.bench.regress.RegressionGate.Finding;
import io.pipelineperf.bench.regress.RegressionGate.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/** Runs the {@link RegressionGate} on every metric of a new record against its like history. */
public final class HistoryGate {

  /** The findings of one run, one per metric, in metric order. */
  public record Report(String runId, int likeRuns, List<Finding> findings) {

    public List<Finding> with(Verdict verdict) {
      return findings.stream().filter(f -> f.verdict() == verdict).toList();
    }

    public boolean failed() {
      return !with(Verdict.REGRESSION).isEmpty();
    }

    /** What the command prints: regressions first, then improvements, then a count of the rest. */
    public String text() {
      StringBuilder sb = new StringBuilder();
      sb.append("[bench] regression gate for ")
          .append(runId)
          .append(" against ")
          .append(likeRuns)
          .append(" like run(s):\n");
      for (Finding f : with(Verdict.REGRESSION)) {
        sb.append("[bench]   ").append(f.describe()).append('\n');
      }
      for (Finding f : with(Verdict.IMPROVEMENT)) {
        sb.append("[bench]   ").append(f.describe()).append('\n');
      }
      List<Finding> thin = with(Verdict.NOT_ENOUGH_HISTORY);
      if (!thin.isEmpty()) {
        sb.append("[bench]   not enough history for ")
            .append(thin.size())
            .append(" metric(s), e.g. ")
            .append(thin.get(0).describe())
            .append('\n');
      }
      sb.append("[bench]   ")
          .append(with(Verdict.UNCHANGED).size())
          .append(" metric(s) unchanged within the noise or the threshold\n");
      sb.append(
          failed()
              ? "[bench] REGRESSION: " + with(Verdict.REGRESSION).size() + " metric(s) regressed\n"
              : "[bench] no regression\n");
      return sb.toString();
    }
  }

  private HistoryGate() {}

  /** {@code like}: the earlier runs with the same fingerprint key, oldest first. */
  public static Report check(
      HistoryRecord current, List<HistoryRecord> like, RegressionGate.Options options) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Double> m : current.metrics().entrySet()) {
      double[] history =
          like.stream()
              .map(r -> r.metrics().get(m.getKey()))
              .filter(v -> v != null)
              .mapToDouble(Double::doubleValue)
              .toArray();
      findings.add(
          RegressionGate.compare(
              m.getKey(), Metric.higherIsBetter(m.getKey()), history, m.getValue(), options));
    }
    findings.addAll(vanished(current, like, options));
    return new Report(current.runId(), like.size(), findings);
  }

  /**
   * The per-rate metrics ({@code e2e@<rate>.*}, {@code ack@<rate>.*}) that most of the latest like
   * runs had (at least {@code minHistory} of them) and this run lacks: their rate no longer held.
   * Without this a run that fell below its first rate would have nothing to compare.
   */
  static List<Finding> vanished(
      HistoryRecord current, List<HistoryRecord> like, RegressionGate.Options options) {
    List<HistoryRecord> window =
        like.subList(Math.max(0, like.size() - options.window()), like.size());
    if (window.size() < options.minHistory()) {
      return List.of();
    }
    Map<String, List<Double>> seen = new TreeMap<>();
    for (HistoryRecord r : window) {
      r.metrics().forEach((k, v) -> seen.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : seen.entrySet()) {
      String metric = e.getKey();
      boolean perRate = metric.startsWith("e2e@") || metric.startsWith("ack@");
      int had = e.getValue().size();
      if (perRate
          && had >= options.minHistory()
          && 2 * had > window.size()
          && !current.metrics().containsKey(metric)) {
        double[] h = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
        double median = new Median().evaluate(h);
        findings.add(
            Finding.vanished(
                metric,
                Metric.higherIsBetter(metric),
                h.length,
                median,
                RegressionGate.mad(h, median)));
      }
    }
    return findings;
  }
}
