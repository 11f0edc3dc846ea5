package io.pipelineperf.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result table of one benchmark run: Kafka's ProducerPerformance, the ack-only steps and their
 * ceiling, the e2e steps and their ceiling, with the run's settings and load averages. Written as
 * JSON and markdown.
 */
public final class BenchmarkReport {

  /** The e2e rate the issue asks the embedded pipeline to hold on the 2-core machine. */
  public static final double GOAL_MSG_PER_SEC = 10_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, String> settings;
  private final ProducerPerfResult producerPerf;
  private final List<StepRecord> steps;
  private final BenchLimits limits;

  public BenchmarkReport(
      Map<String, String> settings,
      ProducerPerfResult producerPerf,
      List<StepRecord> steps,
      BenchLimits limits) {
    this.settings = new LinkedHashMap<>(settings);
    this.producerPerf = producerPerf;
    this.steps = List.copyOf(steps);
    this.limits = limits;
  }

  /**
   * The highest target rate of the steps that held before the first one that did not (steps rise),
   * or null when the first step already did not hold or there was none.
   */
  public Double ceiling(StepKind kind) {
    Double best = null;
    for (StepRecord s : steps(kind)) {
      if (!s.breaches(limits).isEmpty()) {
        break;
      }
      best = best == null ? s.rate() : Math.max(best, s.rate());
    }
    return best;
  }

  /** Why stepping stopped: the breaches of the first step that did not hold (empty: none). */
  public List<String> stoppedBecause(StepKind kind) {
    for (StepRecord s : steps(kind)) {
      List<String> b = s.breaches(limits);
      if (!b.isEmpty()) {
        return b;
      }
    }
    return List.of();
  }

  private List<StepRecord> steps(StepKind kind) {
    return steps.stream().filter(s -> s.kind() == kind).toList();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("benchmark", "pipeline-perf co-located benchmark");
    root.put("settings", settings);
    root.put(
        "limits",
        Map.of(
            "ackP99Ms", limits.ackP99Ms(),
            "e2eP95Ms", limits.e2eP95Ms(),
            "minAchievedRatio", limits.minAchievedRatio()));
    root.put("producerPerformance", producerPerf);
    root.put("ackOnly", section(StepKind.ACK));
    Map<String, Object> e2e = section(StepKind.E2E);
    Double ceiling = ceiling(StepKind.E2E);
    e2e.put("goalMsgPerSec", GOAL_MSG_PER_SEC);
    e2e.put("goalMet", ceiling != null && ceiling >= GOAL_MSG_PER_SEC);
    root.put("e2e", e2e);
    return root;
  }

  private Map<String, Object> section(StepKind kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ceilingMsgPerSec", ceiling(kind));
    m.put("stoppedBecause", stoppedBecause(kind));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StepRecord s : steps(kind)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rate", s.rate());
      row.put("startedAt", s.startedAt());
      row.put("load1Before", s.load1Before());
      row.put("exitCode", s.exitCode());
      row.put("holds", s.breaches(limits).isEmpty());
      row.put("breaches", s.breaches(limits));
      row.put("result", s.result());
      row.put("serviceBatches", s.batches());
      rows.add(row);
    }
    m.put("steps", rows);
    return m;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String toMarkdown() {
    return new BenchmarkMarkdown(this).render();
  }

  Map<String, String> settings() {
    return settings;
  }

  ProducerPerfResult producerPerf() {
    return producerPerf;
  }

  List<StepRecord> stepsOf(StepKind kind) {
    return steps(kind);
  }

  BenchLimits limits() {
    return limits;
  }

  /** Writes {@code <base>.json} and {@code <base>.md}; returns the two paths. */
  public List<Path> writeTo(Path base) {
    try {
      Path dir = base.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path json = dir.resolve(base.getFileName() + ".json");
      Path md = dir.resolve(base.getFileName() + ".md");
      Files.writeString(json, toJson() + System.lineSeparator());
      Files.writeString(md, toMarkdown());
      return List.of(json, md);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the benchmark result " + base, e);
    }
  }
}
