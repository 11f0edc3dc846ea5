package io.pipelineperf.bench.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One benchmark run in the history (OpenMessaging Benchmark style): the workload, the environment,
 * every step's figures, the latency curve, scaling table and fault runs ({@link HistoryExtras}),
 * and a flat map of named metrics that the regression gate and the trend page read:
 *
 * <ul>
 *   <li>{@code e2e.ceilingMsgPerSec}, {@code ack.ceilingMsgPerSec};
 *   <li>per rate the majority of whose runs held, the median over its runs: {@code e2e@2000.p95Ms},
 *       {@code .p50Ms}, {@code .p99Ms}, {@code .ackP99Ms}, {@code .achievedPct}, CPU µs/msg of
 *       {@code .serviceCpuUsPerMsg}, {@code .brokerCpuUsPerMsg}, {@code .postgresCpuUsPerMsg},
 *       {@code .injectorCpuUsPerMsg} (and {@code .otherCpuUsPerMsg} where only the host's CPU was
 *       known), memory {@code .serviceMemMb} … (past the ceiling the latency only says the pipeline
 *       fell behind, so such rates have no metrics);
 *   <li>{@code curve@50pct.p95Ms} (and p50, p99): the latency curve by fraction of the ceiling;
 *   <li>{@code scaling[<cell>].ceilingMsgPerSec} and {@code .efficiency};
 *   <li>{@code faults.passPct} and {@code fault[<id>].recoverySeconds}.
 * </ul>
 */
public record HistoryRecord(
    int schema,
    String runId,
    String recordedAt,
    Fingerprint fingerprint,
    String fingerprintKey,
    Map<String, String> settings,
    List<HistoryStep> steps,
    Map<String, Double> metrics,
    HistoryExtras extras) {

  public static final int SCHEMA = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  public HistoryRecord {
    metrics = new TreeMap<>(metrics);
    settings = new TreeMap<>(settings);
    steps = List.copyOf(steps);
    extras = extras == null ? HistoryExtras.none() : extras;
  }

  /**
   * Reads the benchmark result JSON that {@code BenchmarkReport} writes (settings, ackOnly, e2e,
   * scaling, reliability) and each step's summary.json where it still exists (the host's CPU).
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
    for (JsonNode s : root.path("e2e").path("latencyCurveSteps")) {
      HistoryStep step = step(s, "e2e", cores);
      if (step != null) {
        steps.add(step);
      }
    }
    HistoryExtras extras =
        new HistoryExtras(
            curve(root.path("e2e").path("latencyCurve"), metrics),
            scaling(root.path("scaling").path("table").path("rows"), metrics),
            faults(root.path("reliability"), metrics));
    String started = settings.getOrDefault("startedAt", java.time.Instant.now().toString());
    return new HistoryRecord(
        SCHEMA,
        runId(started, fingerprint.commit()),
        started,
        fingerprint,
        fingerprint.key(),
        settings,
        steps,
        metrics,
        extras);
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
    } else if (!section.path("steps").isEmpty()) {
      metrics.put(kind + ".ceilingMsgPerSec", 0.0); // steps ran and none held: below the first
    }
    Map<Double, List<HistoryStep>> byRate = new TreeMap<>();
    for (JsonNode s : section.path("steps")) {
      HistoryStep step = step(s, kind, cores);
      if (step != null) {
        steps.add(step);
        byRate.computeIfAbsent(step.rate(), r -> new ArrayList<>()).add(step);
      }
    }
    for (Map.Entry<Double, List<HistoryStep>> e : byRate.entrySet()) {
      List<HistoryStep> runs = e.getValue();
      long held = runs.stream().filter(HistoryStep::holds).count();
      if (2 * held <= runs.size()) {
        continue; // the majority did not hold: past the ceiling
      }
      double rate = e.getKey();
      Double achieved = median(runs, HistoryStep::achievedMsgPerSec);
      put(metrics, kind, rate, "achievedPct", achieved == null ? null : achieved / rate * 100);
      put(metrics, kind, rate, "p50Ms", median(runs, HistoryStep::e2eP50Ms));
      put(metrics, kind, rate, "p95Ms", median(runs, HistoryStep::e2eP95Ms));
      put(metrics, kind, rate, "p99Ms", median(runs, HistoryStep::e2eP99Ms));
      put(metrics, kind, rate, "ackP99Ms", median(runs, HistoryStep::ackP99Ms));
      put(metrics, kind, rate, "serviceCpuUsPerMsg", median(runs, HistoryStep::serviceCpuUsPerMsg));
      put(
          metrics,
          kind,
          rate,
          "injectorCpuUsPerMsg",
          median(runs, HistoryStep::injectorCpuUsPerMsg));
      put(metrics, kind, rate, "otherCpuUsPerMsg", median(runs, HistoryStep::otherCpuUsPerMsg));
      put(metrics, kind, rate, "brokerCpuUsPerMsg", median(runs, HistoryStep::brokerCpuUsPerMsg));
      put(
          metrics,
          kind,
          rate,
          "postgresCpuUsPerMsg",
          median(runs, HistoryStep::postgresCpuUsPerMsg));
      put(metrics, kind, rate, "serviceMemMb", median(runs, HistoryStep::serviceMemMb));
      put(metrics, kind, rate, "brokerMemMb", median(runs, HistoryStep::brokerMemMb));
      put(metrics, kind, rate, "postgresMemMb", median(runs, HistoryStep::postgresMemMb));
    }
  }

  /** A step row of the benchmark JSON, or null when it has no result. */
  private static HistoryStep step(JsonNode s, String kind, int cores) {
    JsonNode r = s.path("result");
    if (r.isMissingNode() || r.isNull()) {
      return null;
    }
    double rate = s.path("rate").asDouble();
    Double achieved = number(r.path("achievedRate"));
    JsonNode usage = s.path("resources").path("components");
    Double hostPct = hostCpuMeanPct(r.path("summary").asText(""));
    Double servicePct = number(r.path("serviceCpuMeanPct"));
    Double injectorPct = number(r.path("injectorCpuMeanPct"));
    Double otherPct =
        hostPct == null || servicePct == null || injectorPct == null
            ? null
            : Math.max(0, hostPct - servicePct - injectorPct);
    Double serviceUs = perMessage(usage, "service");
    Double injectorUs = perMessage(usage, "injector");
    Double brokerUs = perMessage(usage, "broker");
    Double postgresUs = perMessage(usage, "postgres");
    boolean sampled = brokerUs != null || postgresUs != null;
    return new HistoryStep(
        kind,
        rate,
        s.path("holds").asBoolean(),
        achieved,
        number(r.path("e2eP50Ms")),
        number(r.path("e2eP95Ms")),
        number(r.path("e2eP99Ms")),
        number(r.path("ackP99Ms")),
        serviceUs != null ? serviceUs : perMessage(servicePct, cores, achieved),
        injectorUs != null ? injectorUs : injectorUs(r, injectorPct, cores, achieved),
        sampled ? null : perMessage(otherPct, cores, achieved),
        r.path("lost").isNumber() ? r.path("lost").asLong() : null,
        number(s.path("serviceBatches").path("meanBatchMs")),
        s.path("phase").asText("search"),
        s.path("repeat").isNumber() ? s.path("repeat").asInt() : 1,
        brokerUs,
        postgresUs,
        megabytes(usage, "service"),
        megabytes(usage, "broker"),
        megabytes(usage, "postgres"),
        megabytes(usage, "injector"),
        number(r.path("errorRatePct")));
  }

  private static List<HistoryExtras.CurvePoint> curve(JsonNode points, Map<String, Double> m) {
    List<HistoryExtras.CurvePoint> out = new ArrayList<>();
    for (JsonNode p : points) {
      JsonNode runs = p.path("runs");
      HistoryExtras.CurvePoint point =
          new HistoryExtras.CurvePoint(
              p.path("fraction").asDouble(),
              p.path("rate").asDouble(),
              runs.path("runs").asInt(),
              runs.path("held").asInt(),
              number(runs.path("e2eP50Ms").path("median")),
              number(runs.path("e2eP95Ms").path("median")),
              number(runs.path("e2eP99Ms").path("median")),
              number(runs.path("e2eP95Ms").path("min")),
              number(runs.path("e2eP95Ms").path("max")),
              number(runs.path("achieved").path("median")));
      out.add(point);
      String at = "curve@" + Math.round(point.fraction() * 100) + "pct.";
      putMetric(m, at + "p50Ms", point.p50Ms());
      putMetric(m, at + "p95Ms", point.p95Ms());
      putMetric(m, at + "p99Ms", point.p99Ms());
    }
    return out;
  }

  private static List<HistoryExtras.ScalingRow> scaling(JsonNode rows, Map<String, Double> m) {
    List<HistoryExtras.ScalingRow> out = new ArrayList<>();
    for (JsonNode r : rows) {
      HistoryExtras.ScalingRow row =
          new HistoryExtras.ScalingRow(
              r.path("cell").asText(),
              number(r.path("ceilingMsgPerSec")),
              number(r.path("speedUp")),
              number(r.path("resourceRatio")),
              number(r.path("efficiency")),
              r.path("bottleneck").isTextual() ? r.path("bottleneck").asText() : null,
              r.path("bottleneckReason").isTextual() ? r.path("bottleneckReason").asText() : null);
      out.add(row);
      putMetric(m, "scaling[" + row.cell() + "].ceilingMsgPerSec", row.ceilingMsgPerSec());
      putMetric(m, "scaling[" + row.cell() + "].efficiency", row.efficiency());
    }
    return out;
  }

  private static List<HistoryExtras.FaultRun> faults(JsonNode reliability, Map<String, Double> m) {
    List<HistoryExtras.FaultRun> out = new ArrayList<>();
    if (reliability.isMissingNode() || reliability.isNull()) {
      return out;
    }
    putMetric(m, "faults.passPct", number(reliability.path("passRatePct")));
    for (JsonNode f : reliability.path("faults")) {
      HistoryExtras.FaultRun run =
          new HistoryExtras.FaultRun(
              f.path("fault").asText(),
              f.path("verdict").asText(),
              number(f.path("recoverySeconds")),
              f.path("lost").isNumber() ? f.path("lost").asLong() : null,
              f.path("duplicated").isNumber() ? f.path("duplicated").asLong() : null);
      out.add(run);
      if ("PASS".equals(run.verdict())) {
        putMetric(m, "fault[" + run.fault() + "].recoverySeconds", run.recoverySeconds());
      }
    }
    return out;
  }

  private static Double perMessage(JsonNode components, String name) {
    return number(components.path(name).path("cpuUsPerMessage"));
  }

  private static Double megabytes(JsonNode components, String name) {
    Double bytes = number(components.path(name).path("memBytes"));
    return bytes == null ? null : bytes / 1e6;
  }

  private static Double median(List<HistoryStep> runs, Function<HistoryStep, Double> f) {
    double[] v =
        runs.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    if (v.length == 0) {
      return null;
    }
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
    putMetric(m, Metric.ofStep(kind, rate, f), v);
  }

  private static void putMetric(Map<String, Double> m, String name, Double v) {
    if (v != null && Double.isFinite(v)) {
      m.put(name, v);
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
    return n != null && n.isNumber() ? n.asDouble() : null;
  }
}
