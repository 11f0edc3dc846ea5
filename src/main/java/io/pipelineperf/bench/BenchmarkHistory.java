package io.pipelineperf.bench;

import io.pipelineperf.bench.history.ComparePage;
import io.pipelineperf.bench.history.HistoryGate;
import io.pipelineperf.bench.history.HistoryRecord;
import io.pipelineperf.bench.history.HistoryStore;
import io.pipelineperf.bench.history.TrendPage;
import io.pipelineperf.bench.regress.ChangePoints;
import io.pipelineperf.bench.regress.RegressionGate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After a benchmark run: appends its record to the history, gates it against the like runs before
 * it, and writes the trend page and the comparison page (against {@code -Dbench.baseline=<runId>},
 * else the latest like run) into the history folder.
 */
public final class BenchmarkHistory {

  /** The exit code when the gate finds a regression. */
  public static final int REGRESSION = 3;

  private BenchmarkHistory() {}

  public static int record(
      Path benchmarkJson,
      Path historyDir,
      String workload,
      RegressionGate.Options options,
      String baselineRunId,
      PrintStream out) {
    HistoryRecord current;
    try {
      current = HistoryRecord.fromBenchmarkJson(benchmarkJson, workload);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + benchmarkJson, e);
    }
    HistoryStore store = new HistoryStore(historyDir);
    // a run with a planted defect is compared with the history, never part of anyone's baseline
    List<HistoryRecord> everyLike = store.like(current);
    List<HistoryRecord> like =
        everyLike.stream()
            .filter(
                r ->
                    r.fingerprint().plantedDefects() == null
                        || r.fingerprint().plantedDefects().isBlank())
            .toList();
    HistoryGate.Report gate = HistoryGate.check(current, like, options);
    Path recordFile = store.append(current);
    out.println("[bench] history record: " + recordFile);

    List<HistoryRecord> series = new ArrayList<>(everyLike);
    series.add(current);
    Path trend =
        TrendPage.write(
            historyDir.resolve("trend-" + workload + ".html"),
            series,
            ChangePoints.Options.defaults());
    out.println("[bench] trend page: " + trend);

    HistoryRecord baseline = baseline(like, baselineRunId);
    if (baseline != null) {
      Path compare =
          ComparePage.write(
              historyDir.resolve("compare-" + current.runId() + ".html"), baseline, current, gate);
      out.println("[bench] comparison page (vs " + baseline.runId() + "): " + compare);
    } else {
      out.println(
          "[bench] no comparison page: "
              + (baselineRunId == null ? "no earlier like run" : "no like run " + baselineRunId));
    }
    out.print(gate.text());
    return gate.failed() ? REGRESSION : 0;
  }

  static HistoryRecord baseline(List<HistoryRecord> like, String runId) {
    if (runId == null || runId.isBlank()) {
      return like.isEmpty() ? null : like.get(like.size() - 1);
    }
    return like.stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(null);
  }
}
