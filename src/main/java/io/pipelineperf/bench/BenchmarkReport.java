package io.pipelineperf.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipelineperf.verify.FaultSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one benchmark run: Kafka's ProducerPerformance, the ack-only steps and their
 * ceiling, the e2e steps (with their repeats: per rate the majority verdict, median and spread),
 * the e2e ceiling and the latency curve below it, each step's CPU and memory per component, the
 * scaling matrix and the fault runs, with the run's settings and load averages. Written as JSON and
 * markdown.
 */
public final class BenchmarkReport {

  /** The e2e rate the issue asks the embedded pipeline to hold on the 2-core machine. */
  public static final double GOAL_MSG_PER_SEC = 10_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What a run measured beyond the stepped phases.
   *
   * @param curveFractions the latency curve's fractions of the e2e ceiling (its steps are the
   *     {@link StepPhase#CURVE} steps)
   * @param scaling the scaling matrix's cells in order
   * @param faults the fault runs' rows, null when the workload asked for none
   */
  public record Extras(List<Double> curveFractions, List<CellResult> scaling, Reliability faults) {

    public static Extras none() {
      return new Extras(List.of(), List.of(), null);
    }
  }

  /** One scaling cell: its search steps and the bottleneck named from its deciding step. */
  public record CellResult(
      ScalingCell cell, List<StepRecord> steps, Bottleneck.Verdict bottleneck) {}

  private final Map<String, String> settings;
  private final ProducerPerfResult producerPerf;
  private final List<StepRecord> steps;
  private final BenchLimits limits;
  private final Extras extras;

  public BenchmarkReport(
      Map<String, String> settings,
      ProducerPerfResult producerPerf,
      List<StepRecord> steps,
      BenchLimits limits) {
    this(settings, producerPerf, steps, limits, Extras.none());
  }

  public BenchmarkReport(
      Map<String, String> settings,
      ProducerPerfResult producerPerf,
      List<StepRecord> steps,
      BenchLimits limits,
      Extras extras) {
    this.settings = new LinkedHashMap<>(settings);
    this.producerPerf = producerPerf;
    this.steps = List.copyOf(steps);
    this.limits = limits;
    this.extras = extras;
  }

  /**
   * The ceiling of {@link StepPhase#SEARCH} steps: the highest rate the majority of its runs held
   * below the lowest rate the majority failed; null when the lowest rate failed or there was none.
   */
  public Double ceiling(StepKind kind) {
    return ceilingOf(steps(kind), limits);
  }

  /** The ceiling of search steps of one kind (see {@link #ceiling(StepKind)}). */
  public static Double ceilingOf(List<StepRecord> searchSteps, BenchLimits limits) {
    Double best = null;
    for (RateSummary r : byRate(searchSteps, limits)) {
      if (!r.holds()) {
        break;
      }
      best = r.rate();
    }
    return best;
  }

  /** The runs of each rate together, rates ascending. */
  static List<RateSummary> byRate(List<StepRecord> steps, BenchLimits limits) {
    Map<Double, List<StepRecord>> rates = new TreeMap<>();
    for (StepRecord s : steps) {
      rates.computeIfAbsent(s.rate(), r -> new ArrayList<>()).add(s);
    }
    return rates.values().stream().map(runs -> RateSummary.of(runs, limits)).toList();
  }

  /** The search's rates of a kind, each with its runs' majority verdict, median and spread. */
  public List<RateSummary> rates(StepKind kind) {
    return byRate(steps(kind), limits);
  }

  /** Why stepping stopped: the breaches of the lowest failed rate's first failed run. */
  public List<String> stoppedBecause(StepKind kind) {
    return stoppedBecause(steps(kind), limits);
  }

  static List<String> stoppedBecause(List<StepRecord> searchSteps, BenchLimits limits) {
    for (RateSummary r : byRate(searchSteps, limits)) {
      if (!r.holds()) {
        for (StepRecord s : searchSteps) {
          if (s.rate() == r.rate() && !s.breaches(limits).isEmpty()) {
            return s.breaches(limits);
          }
        }
      }
    }
    return List.of();
  }

  /** The latency curve's points (empty without a ceiling or curve steps). */
  public List<LatencyCurve.Point> latencyCurve() {
    List<StepRecord> curve =
        steps.stream()
            .filter(s -> s.kind() == StepKind.E2E && s.phase() == StepPhase.CURVE)
            .toList();
    return LatencyCurve.points(
        LatencyCurve.rates(
            ceiling(StepKind.E2E), extras.curveFractions(), CeilingSearch.GRANULARITY),
        curve,
        limits);
  }

  /** The scaling table of the cells (empty without a scaling matrix). */
  public ScalingTable scalingTable() {
    return ScalingTable.of(
        extras.scaling().stream()
            .map(
                c ->
                    new ScalingTable.Cell(
                        c.cell(),
                        ceilingOf(c.steps(), limits),
                        c.bottleneck() == null ? null : c.bottleneck().component(),
                        c.bottleneck() == null ? null : c.bottleneck().reason()))
            .toList());
  }

  /** The search steps of a kind, in the order they ran. */
  private List<StepRecord> steps(StepKind kind) {
    return steps.stream().filter(s -> s.kind() == kind && s.phase() == StepPhase.SEARCH).toList();
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
    root.put("ackOnly", section(steps(StepKind.ACK)));
    Map<String, Object> e2e = section(steps(StepKind.E2E));
    Double ceiling = ceiling(StepKind.E2E);
    e2e.put("goalMsgPerSec", GOAL_MSG_PER_SEC);
    e2e.put("goalMet", ceiling != null && ceiling >= GOAL_MSG_PER_SEC);
    e2e.put("latencyCurveFractions", extras.curveFractions());
    e2e.put("latencyCurve", latencyCurve());
    e2e.put(
        "latencyCurveSteps",
        rows(
            steps.stream()
                .filter(s -> s.kind() == StepKind.E2E && s.phase() == StepPhase.CURVE)
                .toList()));
    root.put("e2e", e2e);
    if (!extras.scaling().isEmpty()) {
      Map<String, Object> scaling = new LinkedHashMap<>();
      scaling.put("table", scalingTable());
      List<Map<String, Object>> cells = new ArrayList<>();
      for (CellResult c : extras.scaling()) {
        Map<String, Object> m = section(c.steps());
        m.put("cell", c.cell().id());
        m.put("settings", c.cell().settings());
        m.put("bottleneck", c.bottleneck());
        cells.add(m);
      }
      scaling.put("cells", cells);
      root.put("scaling", scaling);
    }
    if (extras.faults() != null) {
      root.put("reliability", extras.faults());
    }
    return root;
  }

  private Map<String, Object> section(List<StepRecord> search) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ceilingMsgPerSec", ceilingOf(search, limits));
    m.put("stoppedBecause", stoppedBecause(search, limits));
    m.put("rates", byRate(search, limits));
    m.put("steps", rows(search));
    return m;
  }

  private List<Map<String, Object>> rows(List<StepRecord> list) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StepRecord s : list) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rate", s.rate());
      row.put("phase", s.phase().name().toLowerCase(java.util.Locale.ROOT));
      row.put("repeat", s.repeat());
      row.put("startedAt", s.startedAt());
      row.put("load1Before", s.load1Before());
      row.put("exitCode", s.exitCode());
      row.put("holds", s.breaches(limits).isEmpty());
      row.put("breaches", s.breaches(limits));
      row.put("result", s.result());
      row.put("serviceBatches", s.batches());
      row.put("resources", s.usage());
      rows.add(row);
    }
    return rows;
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

  List<StepRecord> latencyCurveSteps() {
    return steps.stream().filter(s -> s.phase() == StepPhase.CURVE).toList();
  }

  BenchLimits limits() {
    return limits;
  }

  Extras extras() {
    return extras;
  }

  List<FaultSuite.Row> faultRows() {
    return extras.faults() == null ? List.of() : extras.faults().faults();
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
