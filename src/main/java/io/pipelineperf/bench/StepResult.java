package io.pipelineperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The figures of one benchmark step, read from its run's summary.json. Latencies in ms; a figure
 * the summary does not have is null (e.g. e2e of an ack-only step). {@code
 * injectorCpuMicrosPerMessage} is from the run's timeseries.jsonl beside it ({@link InjectorCost}).
 * {@code verdict} is the run's own PASS / FAIL / INVALID (null when the summary has none).
 */
public record StepResult(
    StepKind kind,
    double targetRate,
    double achievedRate,
    Double ackP50Ms,
    Double ackP99Ms,
    Double e2eP50Ms,
    Double e2eP95Ms,
    Double e2eP99Ms,
    Double schedulingDelayP99Ms,
    Double errorRatePct,
    Long lost,
    Long duplicated,
    Double serviceCpuMeanPct,
    Double injectorCpuMeanPct,
    Double injectorCpuMicrosPerMessage,
    Long lagPeak,
    Double hostLoad1Peak,
    String verdict,
    String summary) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static StepResult fromSummary(StepKind kind, Path summaryJson) {
    JsonNode root;
    try {
      root = JSON.readTree(summaryJson.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the step summary " + summaryJson, e);
    }
    JsonNode latency = root.path("latencyMs");
    JsonNode resources = root.path("resources");
    boolean e2e = kind == StepKind.E2E;
    return new StepResult(
        kind,
        root.path("rate").path("target").asDouble(),
        root.path("rate").path("achieved").asDouble(),
        number(latency.path("ack").path("p50")),
        number(latency.path("ack").path("p99")),
        e2e ? number(latency.path("e2e").path("p50")) : null,
        e2e ? number(latency.path("e2e").path("p95")) : null,
        e2e ? number(latency.path("e2e").path("p99")) : null,
        number(latency.path("schedulingDelay").path("p99")),
        number(root.path("errors").path("rate")),
        e2e ? whole(root.path("messages").path("lost")) : null,
        e2e ? whole(root.path("messages").path("duplicated")) : null,
        number(resources.path("cpu").path("meanPct")),
        number(resources.path("injector").path("cpuMeanPct")),
        InjectorCost.microsPerMessage(
            summaryJson.toAbsolutePath().getParent(),
            root.path("rate").path("achieved").asDouble()),
        e2e ? whole(resources.path("lag").path("peak")) : null,
        number(resources.path("host").path("load1Peak")),
        root.path("verdict").isTextual() ? root.path("verdict").asText() : null,
        summaryJson.toAbsolutePath().toString());
  }

  private static Double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }

  private static Long whole(JsonNode node) {
    return node.isNumber() ? node.asLong() : null;
  }
}
