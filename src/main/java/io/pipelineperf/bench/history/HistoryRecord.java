package io.pipelineperf.bench.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark run in the history (OpenMessaging Benchmark style): the workload, the environment,
 * every step's figures and a flat map of named metrics ({@code e2e.ceilingMsgPerSec}, {@code
 * e2e@2000.p95Ms}, ...) that the regression gate and the trend page read. Metrics come only from
 * steps that held: past the ceiling the latency only says the pipeline fell behind.
 */
public record HistoryRecord(
    int schema,
    String runId,
    String recordedAt,
    Fingerprint fingerprint,
    String fingerprintKey,
    Map<String, String> settings,
    List<HistoryStep> steps,
    Map<String, Double> metrics) {

  public static final int SCHEMA = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public HistoryRecord {
    metrics = new TreeMap<>(metrics);
    settings = new TreeMap<>(settings);
    steps = List.copyOf(steps);
  }

  /**
   * Reads the benchmark result JSON that {@code BenchmarkMain report} writes (settings, ackOnly,
   * e2e) and each step's summary.json where it still exists (the host's CPU).
   */
  public static HistoryRecord fromBenchmarkJson(Path benchmarkJson, String workload)
      throws IOException {
    JsonNode root = JSON.readTree(benchmarkJson.toFile());
    Map<String, String> settings = new LinkedHashMap<>();
    root.path("settings")
        .fields()
        .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    Fingerprint fingerprint = Fingerprint.of(workload, settings);
    List<HistoryStep> steps = new ArrayList<>();
    Map<String, Double> metrics = new TreeMap<>();
    int cores = fingerprint.cores();
    section(root.path("ackOnly"), "ack", cores, steps, metrics);
    section(root.path("e2e"), "e2e", cores, steps, metrics);
    String started = settings.getOrDefault("startedAt", java.time.Instant.now().toString());
    return new HistoryRecord(
        SCHEMA,
        runId(started, fingerprint.commit()),
        started,
        fingerprint,
        fingerprint.key(),
        settings,
        steps,
        metrics);
  }

  static String runId(String startedAt, String commit) {
    return startedAt.replace("-", "").replace(":", "") + "-" + commit;
  }

  private static void section(
      JsonNode section,
      String kind,
      int cores,
      List<HistoryStep> steps,
      Map<String, Double> metrics) {
    if (section.path("ceilingMsgPerSec").isNumber()) {
      metrics.put(kind + ".ceilingMsgPerSec", section.path("ceilingMsgPerSec").asDouble());
    }
    for (JsonNode s : section.path("steps")) {
      JsonNode r = s.path("result");
      if (r.isMissingNode() || r.isNull()) {
        continue;
      }
      double rate = s.path("rate").asDouble();
      Double achieved = number(r.path("achievedRate"));
      Double hostPct = hostCpuMeanPct(r.path("summary").asText(""));
      Double servicePct = number(r.path("serviceCpuMeanPct"));
      Double injectorPct = number(r.path("injectorCpuMeanPct"));
      Double otherPct =
          hostPct == null || servicePct == null || injectorPct == null
              ? null
              : Math.max(0, hostPct - servicePct - injectorPct);
      HistoryStep step =
          new HistoryStep(
              kind,
              rate,
              s.path("holds").asBoolean(),
              achieved,
              number(r.path("e2eP50Ms")),
              number(r.path("e2eP95Ms")),
              number(r.path("e2eP99Ms")),
              number(r.path("ackP99Ms")),
              perMessage(servicePct, cores, achieved),
              injectorUs(r, injectorPct, cores, achieved),
              perMessage(otherPct, cores, achieved),
              r.path("lost").isNumber() ? r.path("lost").asLong() : null,
              number(s.path("serviceBatches").path("meanBatchMs")));
      steps.add(step);
      if (step.holds()) {
        put(metrics, kind, rate, "achievedPct", achieved == null ? null : achieved / rate * 100);
        put(metrics, kind, rate, "p50Ms", step.e2eP50Ms());
        put(metrics, kind, rate, "p95Ms", step.e2eP95Ms());
        put(metrics, kind, rate, "p99Ms", step.e2eP99Ms());
        put(metrics, kind, rate, "ackP99Ms", step.ackP99Ms());
        put(metrics, kind, rate, "serviceCpuUsPerMsg", step.serviceCpuUsPerMsg());
        put(metrics, kind, rate, "injectorCpuUsPerMsg", step.injectorCpuUsPerMsg());
        put(metrics, kind, rate, "otherCpuUsPerMsg", step.otherCpuUsPerMsg());
      }
    }
  }

  private static Double injectorUs(JsonNode r, Double pct, int cores, Double achieved) {
    Double measured = number(r.path("injectorCpuMicrosPerMessage"));
    return measured != null ? measured : perMessage(pct, cores, achieved);
  }

  /** CPU % of the whole machine at a message rate as µs of CPU time per message. */
  static Double perMessage(Double pctOfMachine, int cores, Double msgPerSec) {
    if (pctOfMachine == null || msgPerSec == null || msgPerSec <= 0) {
      return null;
    }
    return pctOfMachine / 100 * cores * 1_000_000 / msgPerSec;
  }

  private static void put(Map<String, Double> m, String kind, double rate, String f, Double v) {
    if (v != null && Double.isFinite(v)) {
      m.put(Metric.ofStep(kind, rate, f), v);
    }
  }

  private static Double hostCpuMeanPct(String summaryPath) {
    if (summaryPath.isBlank() || !Files.isRegularFile(Path.of(summaryPath))) {
      return null;
    }
    try {
      return number(
          JSON.readTree(Path.of(summaryPath).toFile())
              .path("resources")
              .path("host")
              .path("cpuMeanPct"));
    } catch (IOException e) {
      return null;
    }
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }
}
