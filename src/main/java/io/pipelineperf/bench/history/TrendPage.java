package io.pipelineperf.bench.history;

import io.pipelineperf.analysis.OfflinePage;
import io.pipelineperf.bench.regress.ChangePoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code trend.html}: every metric of a group of like runs over the runs (oldest first, labelled by
 * commit), with the change points {@link ChangePoints} finds drawn as vertical lines and listed
 * with their magnitude and p-value; above them the newest run's latency curve and scaling table.
 */
public final class TrendPage {

  public static final String FILE_NAME = "trend.html";

  /** A run on the x axis. */
  public record Run(String runId, String commit, String recordedAt, String plantedDefects) {}

  /** A change point, with the run it starts at. */
  public record Change(
      int index,
      String runId,
      String commit,
      double meanBefore,
      double meanAfter,
      double magnitudePct,
      double pValue) {}

  /** One metric's values by run (null: not measured in that run). */
  public record Chart(
      String metric, boolean higherIsBetter, List<Double> values, List<Change> changePoints) {}

  /**
   * The page's data; {@code latestCurve} and {@code latestScaling} are the newest run's latency
   * curve and scaling table (empty when it measured none).
   */
  public record Data(
      String title,
      String fingerprintKey,
      List<Run> runs,
      List<Chart> charts,
      String latestRunId,
      List<HistoryExtras.CurvePoint> latestCurve,
      List<HistoryExtras.ScalingRow> latestScaling) {}

  private TrendPage() {}

  public static Path write(Path file, List<HistoryRecord> like, ChangePoints.Options options) {
    return OfflinePage.write(file, render(like, options));
  }

  static String render(List<HistoryRecord> like, ChangePoints.Options options) {
    Data data = data(like, options);
    return OfflinePage.render("io/pipelineperf/bench/history/trend-page.html", data.title(), data);
  }

  static Data data(List<HistoryRecord> like, ChangePoints.Options options) {
    List<Run> runs =
        like.stream()
            .map(
                r ->
                    new Run(
                        r.runId(),
                        r.fingerprint().commit(),
                        r.recordedAt(),
                        r.fingerprint().plantedDefects()))
            .toList();
    TreeSet<String> metrics = new TreeSet<>();
    like.forEach(r -> metrics.addAll(r.metrics().keySet()));
    List<Chart> charts = new ArrayList<>();
    for (String metric : metrics) {
      List<Double> values = like.stream().map(r -> r.metrics().get(metric)).toList();
      charts.add(
          new Chart(metric, Metric.higherIsBetter(metric), values, changes(values, runs, options)));
    }
    String key = like.isEmpty() ? "" : like.get(0).fingerprintKey();
    String workload = like.isEmpty() ? "no runs" : like.get(0).fingerprint().workload();
    HistoryRecord latest = like.isEmpty() ? null : like.get(like.size() - 1);
    return new Data(
        "Benchmark trend: " + workload + " (" + like.size() + " runs)",
        key,
        runs,
        charts,
        latest == null ? null : latest.runId(),
        latest == null ? List.of() : latest.extras().latencyCurve(),
        latest == null ? List.of() : latest.extras().scaling());
  }

  /** Change points over the measured values, mapped back to run indices. */
  private static List<Change> changes(List<Double> values, List<Run> runs, ChangePoints.Options o) {
    List<Integer> at = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        at.add(i);
        measured.add(values.get(i));
      }
    }
    List<Change> changes = new ArrayList<>();
    for (ChangePoints.ChangePoint c :
        ChangePoints.detect(measured.stream().mapToDouble(Double::doubleValue).toArray(), o)) {
      int run = at.get(c.index());
      changes.add(
          new Change(
              run,
              runs.get(run).runId(),
              runs.get(run).commit(),
              c.meanBefore(),
              c.meanAfter(),
              c.magnitudePct(),
              c.pValue()));
    }
    return changes;
  }
}
