package io.pipelineperf.bench.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.bench.BenchLimits;
import io.pipelineperf.bench.BenchmarkReport;
import io.pipelineperf.bench.Bottleneck;
import io.pipelineperf.bench.ScalingCell;
import io.pipelineperf.bench.StepPhase;
import io.pipelineperf.bench.StepRecord;
import io.pipelineperf.bench.SyntheticBenchmarks;
import io.pipelineperf.bench.regress.ChangePoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latency curve and the scaling table on the trend and comparison pages. */
class PagesExtrasTest {

  @TempDir Path dir;

  /** A run: e2e 1000/2000 held, 4000 failed; the curve at 50 %; two scaling cells. */
  private HistoryRecord run(int n, double scale, double cellCeiling) throws Exception {
    Path d = Files.createDirectories(dir.resolve("run" + n));
    List<StepRecord> steps = new ArrayList<>();
    steps.add(step(d, 1000, StepPhase.SEARCH, 20 * scale));
    steps.add(step(d, 2000, StepPhase.SEARCH, 30 * scale));
    steps.add(step(d, 4000, StepPhase.SEARCH, 400));
    steps.add(step(d, 1000, StepPhase.CURVE, 15 * scale));
    List<BenchmarkReport.CellResult> cells = new ArrayList<>();
    ScalingCell one = SyntheticBenchmarks.cell("serviceCores", 1);
    ScalingCell two = SyntheticBenchmarks.cell("serviceCores", 2);
    cells.add(cell(d, one, 1000, "service"));
    cells.add(cell(d, two, cellCeiling, "host CPU"));
    BenchmarkReport report =
        new BenchmarkReport(
            Map.of("startedAt", "2026-12-0" + (n + 1) + "T00:00:00Z", "commit", "c" + n),
            null,
            steps,
            BenchLimits.defaults(),
            new BenchmarkReport.Extras(List.of(0.5), cells, null));
    Path json = report.writeTo(d.resolve("benchmark")).get(0);
    return HistoryRecord.fromBenchmarkJson(json, "w");
  }

  private static StepRecord step(Path d, double rate, StepPhase phase, double p95)
      throws Exception {
    return SyntheticBenchmarks.step(
        SyntheticBenchmarks.summary(
            d, phase + "-" + (int) rate, SyntheticBenchmarks.E2e.at(rate, p95)),
        rate,
        phase,
        1,
        null);
  }

  private static BenchmarkReport.CellResult cell(
      Path d, ScalingCell c, double ceiling, String bottleneck) throws Exception {
    StepRecord held =
        SyntheticBenchmarks.step(
            SyntheticBenchmarks.summary(
                d, c.id() + "-held", SyntheticBenchmarks.E2e.at(ceiling, 40)),
            ceiling,
            StepPhase.SEARCH,
            1,
            null);
    StepRecord failed =
        SyntheticBenchmarks.step(
            SyntheticBenchmarks.summary(
                d, c.id() + "-failed", SyntheticBenchmarks.E2e.at(ceiling * 2, 400)),
            ceiling * 2,
            StepPhase.SEARCH,
            1,
            null);
    return new BenchmarkReport.CellResult(
        c, List.of(held, failed), new Bottleneck.Verdict(bottleneck, "why", Map.of()));
  }

  @Test
  void theComparisonPageHasBothRunsCurvesByFractionAndTheirScalingTables() throws Exception {
    HistoryRecord baseline = run(0, 1, 1500);
    HistoryRecord current = run(1, 2, 2000);
    ComparePage.Data data = ComparePage.data(baseline, current, null);

    ComparePage.Curve p95 = data.fractionCurves().get("p95Ms");
    assertThat(p95.rates()).containsExactly(50.0);
    assertThat(p95.baseline()).containsExactly(15.0);
    assertThat(p95.current()).containsExactly(30.0);
    assertThat(data.scaling())
        .containsExactly(
            new ComparePage.ScalingPair("serviceCores=1", 1000.0, 1000.0, 1.0, 1.0, "service"),
            new ComparePage.ScalingPair("serviceCores=2", 1500.0, 2000.0, 0.75, 1.0, "host CPU"));
    String html =
        Files.readString(ComparePage.write(dir.resolve("compare.html"), baseline, current, null));
    assertThat(html).contains("\"fractionCurves\"").contains("\"cell\":\"serviceCores=2\"");
  }

  @Test
  void theTrendPageShowsTheLatestRunsCurveAndScalingTable() throws Exception {
    List<HistoryRecord> runs = List.of(run(0, 1, 1500), run(1, 1, 2000));
    TrendPage.Data data = TrendPage.data(runs, ChangePoints.Options.defaults());
    assertThat(data.latestRunId()).isEqualTo(runs.get(1).runId());
    assertThat(data.latestCurve()).singleElement().extracting(c -> c.rate()).isEqualTo(1000.0);
    assertThat(data.latestScaling())
        .extracting(HistoryExtras.ScalingRow::ceilingMsgPerSec)
        .containsExactly(1000.0, 2000.0);
    assertThat(data.charts())
        .extracting(TrendPage.Chart::metric)
        .contains("curve@50pct.p95Ms", "scaling[serviceCores=2].efficiency");
  }
}
