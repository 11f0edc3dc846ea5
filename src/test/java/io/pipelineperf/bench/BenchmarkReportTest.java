package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

  @TempDir Path dir;

  private Path ackSummary(String name, double rate, double achieved, double ackP99)
      throws IOException {
    return write(
        name,
        """
        {"rate": {"target": %s, "achieved": %s},
         "messages": {"sent": 1, "acked": 1, "processed": 0, "deadLettered": 0, "lost": 0,
                      "duplicated": 0},
         "latencyMs": {"ack": {"p50": 1.5, "p99": %s}, "schedulingDelay": {"p99": 0.4}},
         "errors": {"count": 0, "rate": 0.0},
         "resources": {"cpu": {"meanPct": 1.0}, "injector": {"cpuMeanPct": 40.0},
                       "lag": {"peak": null}, "host": {"load1Peak": 2.5}}}
        """
            .formatted(rate, achieved, ackP99));
  }

  private Path e2eSummary(String name, double rate, double achieved, double p95, long lost)
      throws IOException {
    return write(
        name,
        """
        {"rate": {"target": %s, "achieved": %s},
         "messages": {"sent": 1, "acked": 1, "processed": 1, "deadLettered": 0, "lost": %d,
                      "duplicated": 0},
         "latencyMs": {"e2e": {"p50": 10.0, "p95": %s, "p99": 120.0},
                       "ack": {"p50": 1.0, "p99": 4.0}, "schedulingDelay": {"p99": 0.5}},
         "errors": {"count": 0, "rate": 0.0},
         "resources": {"cpu": {"meanPct": 35.5}, "injector": {"cpuMeanPct": 12.0},
                       "lag": {"peak": 1200}, "host": {"load1Peak": 2.5}}}
        """
            .formatted(rate, achieved, lost, p95));
  }

  private Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name + ".json"), json);
  }

  private static StepRecord step(StepKind kind, double rate, Path summary) {
    return new StepRecord(kind, rate, summary, 0, 1.2, "2026-11-26T21:00:00Z", null);
  }

  @Test
  void ceilingIsTheLastRateThatHeldBeforeTheFirstThatDidNot() throws IOException {
    List<StepRecord> steps =
        List.of(
            step(StepKind.ACK, 10_000, ackSummary("a1", 10_000, 10_000, 3)),
            step(StepKind.ACK, 50_000, ackSummary("a2", 50_000, 49_900, 12)),
            step(StepKind.ACK, 100_000, ackSummary("a3", 100_000, 100_000, 25)),
            step(StepKind.E2E, 1000, e2eSummary("e1", 1000, 1000, 30, 0)),
            step(StepKind.E2E, 2000, e2eSummary("e2", 2000, 1950, 40, 0)));
    BenchmarkReport report = new BenchmarkReport(Map.of(), null, steps, BenchLimits.defaults());

    assertThat(report.ceiling(StepKind.ACK)).isEqualTo(50_000);
    assertThat(report.stoppedBecause(StepKind.ACK)).singleElement().asString().contains("ack p99");
    assertThat(report.ceiling(StepKind.E2E)).isEqualTo(1000);
    assertThat(report.stoppedBecause(StepKind.E2E))
        .singleElement()
        .asString()
        .contains("achieved 1950.0");
  }

  @Test
  void lostMessagesOrAMissingSummaryEndTheSteps() throws IOException {
    List<StepRecord> steps =
        List.of(
            step(StepKind.E2E, 1000, e2eSummary("e1", 1000, 1000, 30, 2)),
            new StepRecord(StepKind.ACK, 10_000, null, 1, null, "", null));
    BenchmarkReport report = new BenchmarkReport(Map.of(), null, steps, BenchLimits.defaults());

    assertThat(report.ceiling(StepKind.E2E)).isNull();
    assertThat(report.stoppedBecause(StepKind.E2E)).containsExactly("lost 2 > 0");
    assertThat(report.ceiling(StepKind.ACK)).isNull();
    assertThat(report.stoppedBecause(StepKind.ACK))
        .containsExactly("no summary.json (exit code 1)");
  }

  @Test
  void writesJsonAndMarkdownWithEveryStep() throws IOException {
    ProducerPerfResult pp =
        new ProducerPerfResult(true, 2_700_000, 160_000, 156, 140, 500, 130, 280, 390, 480);
    List<StepRecord> steps =
        List.of(
            step(StepKind.ACK, 10_000, ackSummary("a1", 10_000, 10_000, 3)),
            step(StepKind.E2E, 10_000, e2eSummary("e1", 10_000, 10_000, 60, 0)),
            step(StepKind.E2E, 12_000, e2eSummary("e2", 12_000, 12_000, 150, 0)));
    BenchmarkReport report =
        new BenchmarkReport(
            Map.of("startedAt", "2026-11-26T21:00:00Z", "cores", "2", "loadAtStart", "1.1 2 3"),
            pp,
            steps,
            BenchLimits.defaults());

    List<Path> files = report.writeTo(dir.resolve("out/benchmark-x"));

    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    assertThat(json.path("producerPerformance").path("recordsPerSec").asDouble())
        .isEqualTo(160_000);
    assertThat(json.path("ackOnly").path("ceilingMsgPerSec").asDouble()).isEqualTo(10_000);
    assertThat(json.path("e2e").path("ceilingMsgPerSec").asDouble()).isEqualTo(10_000);
    assertThat(json.path("e2e").path("goalMet").asBoolean()).isTrue();
    assertThat(json.path("e2e").path("steps")).hasSize(2);
    assertThat(json.path("e2e").path("steps").get(1).path("result").path("e2eP95Ms").asDouble())
        .isEqualTo(150);
    String md = Files.readString(files.get(1));
    assertThat(md)
        .contains("**Ceiling: 10000 msg/s** (6 % of ProducerPerformance's rec/s)")
        .contains("**Ceiling: 10000 msg/s** (goal 10000 msg/s: met)")
        .contains(
            "| 12000 | 12000 | 4 | 10 | 150 | 120 | 0.50 | 35.50 | - | - | - | 1200 | 0 | 0 | 1.20 |")
        .contains("load average (1/5/15 min) at start: 1.1 2 3".substring(1));
  }
}
