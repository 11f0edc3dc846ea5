package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark run does: the runner's defaults, then the workload file's fields, then the
 * environment variables that are set (they win, as they did for the bash script). A variable set to
 * the empty string empties a list ({@code ACK_RATES= } skips the ack-only steps) and keeps the
 * default of a number.
 */
public record RunSettings(
    String workload,
    String description,
    List<Integer> ackRates,
    List<Integer> e2eRates,
    int stepSeconds,
    int warmupSeconds,
    int rampSeconds,
    int pipelineWarmupSeconds,
    int producerPerfRecords,
    String benchTopic,
    boolean gatlingReports,
    String extraFlags,
    String stackFlags,
    boolean stopAtCeiling,
    boolean profileJfr,
    int repeats,
    boolean repeatEveryStep,
    int bisectSteps,
    List<Double> curveFractions,
    List<ScalingCell> scaling,
    List<Integer> scalingRates,
    List<String> faults,
    String faultFlags) {

  /** The defaults: the full benchmark's rates, as the script had them. */
  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("WORKLOAD_NAME", "custom");
    d.put("ACK_RATES", "10000 25000 50000 75000 100000 125000 150000");
    d.put("E2E_RATES", "1000 2000 4000 6000 8000 10000 12000 14000 16000");
    d.put("STEP_SECONDS", "30");
    d.put("WARMUP_SECONDS", "15");
    d.put("RAMP_SECONDS", "0");
    d.put("PIPELINE_WARMUP_SECONDS", "30");
    d.put("PP_RECORDS", "3000000");
    d.put("BENCH_TOPIC", "pipeline.bench.ack");
    d.put("GATLING_REPORTS", "0");
    d.put("EXTRA_FLAGS", "");
    d.put("STACK_FLAGS", "");
    d.put("STOP_AT_CEILING", "1");
    d.put("PROFILE_JFR", "0");
    d.put("REPEATS", "1");
    d.put("REPEAT_EVERY_STEP", "0");
    d.put("BISECT_STEPS", "0");
    d.put("CURVE_FRACTIONS", "");
    d.put("SCALING_RATES", "");
    d.put("FAULTS", "");
    d.put("FAULT_FLAGS", "");
    return d;
  }

  /** Lists: a variable that is set, even to "", replaces the list. */
  private static final List<String> LISTS =
      List.of("ACK_RATES", "E2E_RATES", "CURVE_FRACTIONS", "SCALING_RATES", "FAULTS");

  /** Flags: a variable that is set replaces the workload's flags. */
  private static final List<String> TEXTS =
      List.of("EXTRA_FLAGS", "STACK_FLAGS", "FAULT_FLAGS", "BENCH_TOPIC");

  public RunSettings {
    if (repeats < 1) {
      throw new IllegalArgumentException("REPEATS must be at least 1, was " + repeats);
    }
    for (ScalingCell c : scaling) {
      c.stackFlags(); // refuses more service cores than the machine has, before anything starts
    }
  }

  /** The settings of {@code workload} (null: the defaults) under the environment {@code env}. */
  public static RunSettings of(Workload workload, Map<String, String> env) {
    Map<String, String> v = new HashMap<>(DEFAULTS);
    if (workload != null) {
      v.putAll(workload.environment());
    }
    for (String key : DEFAULTS.keySet()) {
      String set = env.get(key);
      if (set == null || "WORKLOAD_NAME".equals(key)) {
        continue;
      }
      if (!set.isBlank() || LISTS.contains(key) || TEXTS.contains(key)) {
        v.put(key, set.trim());
      }
    }
    return new RunSettings(
        v.get("WORKLOAD_NAME"),
        workload == null ? null : workload.description(),
        ints(v.get("ACK_RATES")),
        ints(v.get("E2E_RATES")),
        integer(v, "STEP_SECONDS"),
        integer(v, "WARMUP_SECONDS"),
        integer(v, "RAMP_SECONDS"),
        integer(v, "PIPELINE_WARMUP_SECONDS"),
        integer(v, "PP_RECORDS"),
        v.get("BENCH_TOPIC").isBlank() ? DEFAULTS.get("BENCH_TOPIC") : v.get("BENCH_TOPIC"),
        flag(v, "GATLING_REPORTS"),
        v.get("EXTRA_FLAGS"),
        v.get("STACK_FLAGS"),
        flag(v, "STOP_AT_CEILING"),
        flag(v, "PROFILE_JFR"),
        integer(v, "REPEATS"),
        flag(v, "REPEAT_EVERY_STEP"),
        integer(v, "BISECT_STEPS"),
        doubles(v.get("CURVE_FRACTIONS")),
        workload == null ? List.of() : workload.cells(),
        ints(v.get("SCALING_RATES")),
        words(v.get("FAULTS")),
        v.get("FAULT_FLAGS"));
  }

  /** The rates a scaling cell steps through: {@code scalingRates}, else the e2e rates. */
  public List<Integer> cellRates() {
    return scalingRates.isEmpty() ? e2eRates : scalingRates;
  }

  /** Whether a stack for the ProducerPerformance, ack-only and e2e phases is needed at all. */
  public boolean hasMainPhase() {
    return producerPerfRecords > 0 || !ackRates.isEmpty() || !e2eRates.isEmpty();
  }

  /** The search options of the e2e ceiling. */
  public CeilingSearch.Options e2eSearch() {
    return new CeilingSearch.Options(
        repeats, repeatEveryStep, bisectSteps, stopAtCeiling, CeilingSearch.GRANULARITY);
  }

  /** The ack-only steps: each rate once, no bisection (the load generator's ceiling is coarse). */
  public CeilingSearch.Options ackSearch() {
    return new CeilingSearch.Options(1, false, 0, stopAtCeiling, CeilingSearch.GRANULARITY);
  }

  /** A scaling cell's coarse search: the workload's repeats, no bisection, stops at the ceiling. */
  public CeilingSearch.Options cellSearch() {
    return new CeilingSearch.Options(repeats, false, 0, true, CeilingSearch.GRANULARITY);
  }

  /** The run.properties of the benchmark (what the history's fingerprint reads). */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("workload", workload);
    p.put("stepSeconds", Integer.toString(stepSeconds));
    p.put("warmupSeconds", Integer.toString(warmupSeconds));
    p.put("rampSeconds", Integer.toString(rampSeconds));
    p.put("pipelineWarmupSeconds", Integer.toString(pipelineWarmupSeconds));
    p.put("ackRates", joined(ackRates));
    p.put("e2eRates", joined(e2eRates));
    p.put("producerPerfRecords", Integer.toString(producerPerfRecords));
    p.put("benchTopic", benchTopic);
    p.put("stackFlags", stackFlags);
    p.put("extraFlags", extraFlags);
    p.put("stopAtCeiling", stopAtCeiling ? "1" : "0");
    p.put("repeats", Integer.toString(repeats));
    p.put("repeatEveryStep", repeatEveryStep ? "1" : "0");
    p.put("bisectSteps", Integer.toString(bisectSteps));
    p.put("latencyCurveFractions", joined(curveFractions));
    p.put("scaling", String.join(" ", scaling.stream().map(ScalingCell::id).toList()));
    p.put("scalingRates", joined(cellRates()));
    p.put("faults", String.join(" ", faults));
    p.put("faultFlags", faultFlags);
    return p;
  }

  private static String joined(List<? extends Number> values) {
    return String.join(
        " ", values.stream().map(n -> BenchmarkMarkdown.num(n.doubleValue())).toList());
  }

  private static int integer(Map<String, String> v, String key) {
    try {
      return Integer.parseInt(v.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "='" + v.get(key) + "' is not a whole number");
    }
  }

  private static boolean flag(Map<String, String> v, String key) {
    String s = v.get(key).trim();
    if (!s.equals("0") && !s.equals("1")) {
      throw new IllegalArgumentException(key + "='" + s + "': use 0 or 1");
    }
    return s.equals("1");
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("[\\s,]+"));
  }

  private static List<Integer> ints(String s) {
    List<Integer> out = new ArrayList<>();
    for (String w : words(s)) {
      try {
        out.add(Integer.parseInt(w));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + w + "' is not a rate (a whole msg/s) in " + s);
      }
    }
    return List.copyOf(out);
  }

  private static List<Double> doubles(String s) {
    List<Double> out = new ArrayList<>();
    for (String w : words(s)) {
      double f = Double.parseDouble(w);
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException("a latency-curve fraction must be in (0, 1]: " + w);
      }
      out.add(f);
    }
    return List.copyOf(out);
  }
}
