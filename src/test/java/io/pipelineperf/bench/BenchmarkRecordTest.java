package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.bench.history.HistoryRecord;
import io.pipelineperf.bench.history.HistoryStore;
import io.pipelineperf.verify.FaultSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeats, the latency curve, component usage and the fault runs in the JSON and history. */
class BenchmarkRecordTest {

  @TempDir Path dir;

  private StepRecord step(double rate, StepPhase phase, int run, double p95, double serviceCores)
      throws Exception {
    Path summary =
        SyntheticBenchmarks.summary(
            dir, phase + "-" + (int) rate + "-" + run, SyntheticBenchmarks.E2e.at(rate, p95));
    ComponentUsage usage =
        SyntheticBenchmarks.usage(
            20,
            rate,
            Map.of(
                "service", serviceCores,
                "broker", 0.1,
                "postgres", 0.2,
                "injector", 0.3,
                "host", 0.6 + serviceCores));
    return SyntheticBenchmarks.step(summary, rate, phase, run, usage);
  }

  @Test
  void medianOfTheRunsPerRateTheCurveTheComponentsAndTheFaultsGoToTheRecord() throws Exception {
    List<StepRecord> steps = new ArrayList<>();
    steps.add(step(1000, StepPhase.SEARCH, 1, 20, 0.2));
    // 2000: a noisy first run, then two that hold: held by the majority
    steps.add(step(2000, StepPhase.SEARCH, 1, 150, 0.4));
    steps.add(step(2000, StepPhase.SEARCH, 2, 30, 0.4));
    steps.add(step(2000, StepPhase.SEARCH, 3, 40, 0.5));
    steps.add(step(4000, StepPhase.SEARCH, 1, 500, 0.9));
    steps.add(step(4000, StepPhase.SEARCH, 2, 450, 0.9));
    steps.add(step(1000, StepPhase.CURVE, 1, 14, 0.2));
    steps.add(step(1000, StepPhase.CURVE, 2, 16, 0.2));
    FaultSuite.Row pass =
        new FaultSuite.Row(
            "db-down", "PASS", 0.2, "error", 6.5, 0L, 0L, 0L, 0.0, 0L, 1.0, 0, null, "");
    FaultSuite.Row fail =
        new FaultSuite.Row(
            "broker-down", "FAIL", 0.1, "error", null, 3L, 0L, 0L, 0.0, 0L, 8.0, 1, null, "lost 3");
    BenchmarkReport report =
        new BenchmarkReport(
            Map.of("startedAt", "2026-12-01T00:00:00Z", "commit", "abc", "cores", "2"),
            null,
            steps,
            BenchLimits.defaults(),
            new BenchmarkReport.Extras(
                List.of(0.5), List.of(), Reliability.of(List.of(pass, fail))));

    assertThat(report.ceiling(StepKind.E2E)).isEqualTo(2000);
    assertThat(report.stoppedBecause(StepKind.E2E))
        .singleElement()
        .asString()
        .contains("e2e p95 500");
    List<Path> files = report.writeTo(dir.resolve("out/benchmark-x"));

    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    JsonNode rate2000 = json.path("e2e").path("rates").get(1);
    assertThat(rate2000.path("runs").asInt()).isEqualTo(3);
    assertThat(rate2000.path("held").asInt()).isEqualTo(2);
    assertThat(rate2000.path("e2eP95Ms").path("median").asDouble()).isEqualTo(40);
    assertThat(rate2000.path("e2eP95Ms").path("max").asDouble()).isEqualTo(150);
    assertThat(json.path("e2e").path("steps")).hasSize(6);
    assertThat(json.path("e2e").path("latencyCurveSteps")).hasSize(2);
    assertThat(json.path("reliability").path("passRatePct").asDouble()).isEqualTo(50);

    String md = report.toMarkdown();
    assertThat(md)
        .contains("| 2000 (run 2) |")
        .contains("| 2000 | 3 | 2 | yes | 2000 | 20 (15-75) | 40 (30-150) |")
        .contains("## CPU and memory per component")
        .contains("| e2e curve run 2 | 1000 | 200 | 100 | 200 | 300 |")
        .contains("pass rate 50 % of 2 run")
        .contains("| broker-down | FAIL |");

    HistoryRecord h = HistoryRecord.fromBenchmarkJson(files.get(0), "full");
    assertThat(h.metrics())
        .containsEntry("e2e.ceilingMsgPerSec", 2000.0)
        .containsEntry("e2e@2000.p95Ms", 40.0)
        .containsEntry("e2e@1000.p95Ms", 20.0)
        .containsEntry("curve@50pct.p95Ms", 15.0)
        .containsEntry("faults.passPct", 50.0)
        .containsEntry("fault[db-down].recoverySeconds", 6.5)
        .doesNotContainKey("e2e@4000.p95Ms")
        .doesNotContainKey("fault[broker-down].recoverySeconds");
    assertThat(h.metrics().get("e2e@2000.serviceCpuUsPerMsg")).isCloseTo(200, within(1e-6));
    assertThat(h.metrics().get("e2e@2000.brokerCpuUsPerMsg")).isCloseTo(50, within(1e-6));
    assertThat(h.metrics().get("e2e@2000.postgresCpuUsPerMsg")).isCloseTo(100, within(1e-6));
    assertThat(h.metrics().get("e2e@2000.injectorCpuUsPerMsg")).isCloseTo(150, within(1e-6));
    assertThat(h.metrics().get("e2e@2000.serviceMemMb")).isEqualTo(100);
    assertThat(h.metrics()).doesNotContainKey("e2e@2000.otherCpuUsPerMsg");
    assertThat(h.steps()).hasSize(8);
    assertThat(h.steps().get(7).phase()).isEqualTo("curve");
    assertThat(h.steps().get(3).repeat()).isEqualTo(3);
    assertThat(h.extras().latencyCurve()).hasSize(1);
    assertThat(h.extras().latencyCurve().get(0).p95MinMs()).isEqualTo(14);
    assertThat(h.extras().faults()).hasSize(2);

    // written and read back by the history store (schema 2)
    HistoryStore store = new HistoryStore(dir.resolve("history"));
    store.append(h);
    HistoryRecord back = store.all().get(0);
    assertThat(back.extras().latencyCurve()).isEqualTo(h.extras().latencyCurve());
    assertThat(back.metrics()).isEqualTo(h.metrics());
  }
}
