package io.pipelineperf.bench;

import static io.pipelineperf.bench.SyntheticBenchmarks.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.bench.history.HistoryRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingTableTest {

  private static final ScalingCell T1C1 = cell("consumerThreads", 1, "serviceCores", 1);
  private static final ScalingCell T1C2 = cell("consumerThreads", 1, "serviceCores", 2);
  private static final ScalingCell T3C1 = cell("consumerThreads", 3, "serviceCores", 1);
  private static final ScalingCell T3C2 = cell("consumerThreads", 3, "serviceCores", 2);

  @Test
  void speedUpOverTheFirstCellAndEfficiencyOverTheResourcesItWasGiven() {
    ScalingTable t =
        ScalingTable.of(
            List.of(
                new ScalingTable.Cell(T1C1, 2000.0, "service", "service CPU"),
                new ScalingTable.Cell(T1C2, 3000.0, "service lag", "lag"),
                new ScalingTable.Cell(T3C1, 2500.0, "service", "service CPU"),
                new ScalingTable.Cell(T3C2, 5000.0, "host CPU", "host")));
    ScalingTable.Row base = t.rows().get(0);
    assertThat(base.speedUp()).isEqualTo(1.0);
    assertThat(base.resourceRatio()).isEqualTo(1.0);
    assertThat(base.efficiency()).isEqualTo(1.0);
    assertThat(base.changed()).isEmpty();

    ScalingTable.Row cores = t.rows().get(1);
    assertThat(cores.speedUp()).isEqualTo(1.5);
    assertThat(cores.resourceRatio()).isEqualTo(2);
    assertThat(cores.efficiency()).isEqualTo(0.75);
    assertThat(cores.changed()).isEqualTo("serviceCores 1→2");
    assertThat(cores.bottleneck()).isEqualTo("service lag");

    ScalingTable.Row both = t.rows().get(3);
    assertThat(both.speedUp()).isEqualTo(2.5);
    assertThat(both.resourceRatio()).isEqualTo(6);
    assertThat(both.efficiency()).isCloseTo(2.5 / 6, within(1e-9));
    assertThat(both.changed()).isEqualTo("consumerThreads 1→3, serviceCores 1→2");

    assertThat(t.marginals())
        .extracting(m -> m.dimension() + " " + m.fromCell() + " " + m.efficiency())
        .containsExactlyInAnyOrder(
            "serviceCores consumerThreads=1,serviceCores=1 0.75",
            "consumerThreads consumerThreads=1,serviceCores=1 " + (1.25 / 3),
            "consumerThreads consumerThreads=1,serviceCores=2 " + (5000.0 / 3000 / 3),
            "serviceCores consumerThreads=3,serviceCores=1 1.0");
  }

  @Test
  void aCellWithoutACeilingHasNoSpeedUp() {
    ScalingTable t =
        ScalingTable.of(
            List.of(
                new ScalingTable.Cell(T1C1, null, "undetermined", ""),
                new ScalingTable.Cell(T1C2, 3000.0, "none", "")));
    assertThat(t.rows().get(1).speedUp()).isNull();
    assertThat(t.rows().get(1).efficiency()).isNull();
  }

  /** Cells measured by synthetic steps: the report's table, JSON, markdown and history. */
  @Test
  void theReportBuildsTheTableFromEachCellsStepsAndNamesTheBottleneck(@TempDir Path dir)
      throws Exception {
    List<BenchmarkReport.CellResult> cells = new ArrayList<>();
    double[][] p95 = { // per cell, at 1000, 2000, 3000, 4000 msg/s
      {20, 40, 300, 0}, {20, 30, 60, 400}, {20, 50, 350, 0}, {15, 25, 40, 70}
    };
    ScalingCell[] order = {T1C1, T1C2, T3C1, T3C2};
    for (int c = 0; c < order.length; c++) {
      List<StepRecord> steps = new ArrayList<>();
      for (int i = 0; i < 4 && p95[c][i] > 0; i++) {
        double rate = 1000 * (i + 1);
        Path summary =
            SyntheticBenchmarks.summary(
                dir, "cell" + c + "-" + (int) rate, SyntheticBenchmarks.E2e.at(rate, p95[c][i]));
        ComponentUsage usage =
            SyntheticBenchmarks.usage(
                20, rate, Map.of("service", rate / 3200, "broker", 0.2, "host", 1.2));
        steps.add(SyntheticBenchmarks.step(summary, rate, StepPhase.SEARCH, 1, usage));
        if (p95[c][i] >= 100) {
          break;
        }
      }
      StepRecord deciding = StepSignals.deciding(steps, BenchLimits.defaults());
      Integer pinned = order[c].serviceCores();
      cells.add(
          new BenchmarkReport.CellResult(
              order[c],
              steps,
              Bottleneck.of(StepSignals.of(deciding, BenchLimits.defaults(), 2, pinned))));
    }
    BenchmarkReport report =
        new BenchmarkReport(
            Map.of("startedAt", "2026-12-01T00:00:00Z", "commit", "abc", "cores", "2"),
            null,
            List.of(),
            BenchLimits.defaults(),
            new BenchmarkReport.Extras(List.of(), cells, null));

    ScalingTable t = report.scalingTable();
    assertThat(t.rows())
        .extracting(ScalingTable.Row::ceilingMsgPerSec)
        .containsExactly(2000.0, 3000.0, 2000.0, 4000.0);
    // the pinned single core: 3000 msg/s took 0.94 of it
    assertThat(t.rows().get(0).bottleneck()).isEqualTo("service");
    assertThat(t.rows().get(1).bottleneck()).isEqualTo("undetermined");
    assertThat(t.rows().get(3).bottleneck()).isEqualTo("none");
    assertThat(t.rows().get(3).efficiency()).isCloseTo(2.0 / 6, within(1e-9));

    List<Path> files = report.writeTo(dir.resolve("out/benchmark-x"));
    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    assertThat(json.path("scaling").path("table").path("rows")).hasSize(4);
    assertThat(
            json.path("scaling").path("cells").get(0).path("bottleneck").path("component").asText())
        .isEqualTo("service");
    assertThat(report.toMarkdown())
        .contains("## Scaling matrix")
        .contains("| cell consumerThreads=1,serviceCores=1 e2e | 3000 | 312.5 |")
        .contains(
            "| consumerThreads=1,serviceCores=2 | 3000 | 1.50 | serviceCores 1→2 | 2 | 0.75 |");

    HistoryRecord h = HistoryRecord.fromBenchmarkJson(files.get(0), "scaling");
    assertThat(h.metrics())
        .containsEntry("scaling[consumerThreads=1,serviceCores=2].ceilingMsgPerSec", 3000.0)
        .containsEntry("scaling[consumerThreads=1,serviceCores=2].efficiency", 0.75);
    assertThat(h.extras().scaling()).hasSize(4);
    assertThat(h.extras().scaling().get(0).bottleneck()).isEqualTo("service");
  }
}
