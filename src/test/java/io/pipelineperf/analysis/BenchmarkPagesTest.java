package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.bench.SyntheticBenchmarks;
import io.pipelineperf.bench.history.ComparePage;
import io.pipelineperf.bench.history.HistoryGate;
import io.pipelineperf.bench.history.HistoryRecord;
import io.pipelineperf.bench.history.TrendPage;
import io.pipelineperf.bench.regress.ChangePoints;
import io.pipelineperf.bench.regress.RegressionGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark history's trend and comparison pages, rendered from a synthetic history. */
class BenchmarkPagesTest {

  @TempDir Path dir;

  /** 12 clean runs, then 8 with every latency 60 % higher from commit "slow". */
  private List<HistoryRecord> history() throws Exception {
    Random random = new Random(3);
    List<HistoryRecord> runs = new ArrayList<>();
    for (int run = 0; run < 20; run++) {
      double scale = (run < 12 ? 1 : 1.6) * (1 + 0.03 * random.nextGaussian());
      Path json =
          SyntheticBenchmarks.write(
              dir,
              run,
              run < 12 ? "c" + run : "slow",
              new double[] {20 * scale, 25 * scale, 50 * scale},
              "");
      runs.add(HistoryRecord.fromBenchmarkJson(json, "quick"));
    }
    return runs;
  }

  @Test
  void trendPageHasEveryMetricAndMarksTheChangePoint() throws Exception {
    Path page =
        TrendPage.write(dir.resolve("trend.html"), history(), ChangePoints.Options.defaults());

    String html = Files.readString(page);
    assertThat(html)
        .contains("\"metric\":\"e2e@1000.p95Ms\"", "\"metric\":\"e2e@2000.p99Ms\"")
        .contains("\"metric\":\"e2e.ceilingMsgPerSec\"")
        .contains("\"index\":12,\"runId\":\"20261201T120000Z-slow\",\"commit\":\"slow\"")
        .contains("uPlot");

    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH");
    String dom = chromium.get().dumpDom(page);
    assertThat(dom).doesNotContain("data-js-errors=\"").contains("class=\"change-point\"");
    assertThat(dom).containsPattern("data-charts-drawn=\"[1-9][0-9]*\"");
    assertThat(dom).contains("e2e@1000.p95Ms (lower is better) - 1 change point(s)");
  }

  @Test
  void comparePageShowsBothRunsTheDeltaAndTheVerdict() throws Exception {
    List<HistoryRecord> runs = history();
    HistoryRecord baseline = runs.get(11);
    HistoryRecord current = runs.get(12);
    HistoryGate.Report gate =
        HistoryGate.check(
            current, runs.subList(0, 12), new RegressionGate.Options(20, 0.01, 5, 20));
    Path page = ComparePage.write(dir.resolve("compare.html"), baseline, current, gate);

    String html = Files.readString(page);
    assertThat(html)
        .contains("\"baselineRunId\":\"" + baseline.runId() + "\"")
        .contains("\"metric\":\"e2e@1000.p95Ms\"")
        .contains("\"verdict\":\"REGRESSION\"");

    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH");
    String dom = chromium.get().dumpDom(page);
    assertThat(dom)
        .doesNotContain("data-js-errors=\"")
        .contains("data-charts-drawn=\"2\"")
        .contains("<tr class=\"REGRESSION\"><td>e2e@1000.p95Ms</td>");
  }
}
