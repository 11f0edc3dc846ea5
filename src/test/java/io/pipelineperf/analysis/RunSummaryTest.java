package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

  @TempDir Path dir;

  private static RunSummary summary(boolean passed) {
    Histogram micros = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 1000; i++) {
      micros.recordValue(i * 1000L); // 1..1000 ms
    }
    LatencySummary latency = LatencySummary.ofMicros(micros);
    return new RunSummary(
        "io.pipelineperf.simulations.LoadSimulation",
        "medium",
        "embedded",
        new RunSummary.Rate(1000, 998.5),
        new RunSummary.Messages(100, 99, 98, 1, 0, 0),
        Map.of("e2e", latency, "ack", latency, "schedulingDelay", latency),
        RunSummary.Errors.ofSendFailures(1, 1.0),
        List.of(new AssertionResult("lost messages <= 0", passed, passed ? 0.0 : 3.0, 0)));
  }

  @Test
  void writesTheDocumentedShape() throws Exception {
    Path file = summary(true).section("resources", Map.of("cpuPct", 55)).writeTo(dir);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(file.getFileName().toString()).isEqualTo("summary.json");
    assertThat(json.path("simulation").asText()).endsWith("LoadSimulation");
    assertThat(json.path("profile").asText()).isEqualTo("medium");
    assertThat(json.path("target").asText()).isEqualTo("embedded");
    assertThat(json.path("rate").path("target").asDouble()).isEqualTo(1000);
    assertThat(json.path("rate").path("achieved").asDouble()).isEqualTo(998.5);
    for (String field :
        List.of("sent", "acked", "processed", "deadLettered", "lost", "duplicated")) {
      assertThat(json.path("messages").has(field)).as(field).isTrue();
    }
    for (String latency : List.of("e2e", "ack", "schedulingDelay")) {
      JsonNode node = json.path("latencyMs").path(latency);
      for (String p : List.of("p50", "p95", "p99", "p999", "max")) {
        assertThat(node.has(p)).as(latency + "." + p).isTrue();
      }
    }
    assertThat(json.path("latencyMs").path("e2e").path("p50").asDouble()).isBetween(499.0, 501.0);
    assertThat(json.path("latencyMs").path("e2e").path("max").asDouble()).isBetween(999.0, 1001.0);
    assertThat(json.path("errors").path("count").asLong()).isEqualTo(1);
    assertThat(json.path("errors").path("rate").asDouble()).isEqualTo(1.0);
    JsonNode assertion = json.path("assertions").get(0);
    assertThat(assertion.path("description").asText()).isEqualTo("lost messages <= 0");
    assertThat(assertion.path("passed").asBoolean()).isTrue();
    assertThat(assertion.has("actual")).isTrue();
    assertThat(assertion.has("threshold")).isTrue();
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("resources").path("cpuPct").asInt()).isEqualTo(55);
  }

  @Test
  void aFailedAssertionFailsTheRun() {
    assertThat(summary(false).isPassed()).isFalse();
  }

  @Test
  void findsTheNewestRunFolderOfTheSimulation() throws Exception {
    Files.createDirectories(dir.resolve("loadsimulation-20261126190000000"));
    Files.createDirectories(dir.resolve("loadsimulation-20261126191500000"));
    Files.createDirectories(dir.resolve("httploadsimulation-20261126193000000"));

    assertThat(RunFolder.newest(dir, "io.pipelineperf.simulations.LoadSimulation"))
        .contains(dir.resolve("loadsimulation-20261126191500000"));
    assertThat(RunFolder.newest(dir, "x.OtherSimulation")).isEmpty();
  }
}
