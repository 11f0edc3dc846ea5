package io.pipelineperf.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A benchmark workload file ({@code simulations-data/benchmarks/*.json}, OpenMessaging Benchmark
 * style), read by {@link BenchmarkRunner}. Every field but {@code name} may be left out: it then
 * keeps the runner's default ({@link RunSettings}), and an environment variable that is set wins
 * over the file ({@link #environment()} names them).
 *
 * <p>Beyond the rates and times: {@code repeats} (runs per e2e rate, a rate holds on the majority
 * of its runs), {@code repeatEveryStep} (every stepped rate is run {@code repeats} times, not only
 * the failing ones), {@code bisectSteps} (bisections between the last held and the first failed
 * rate), {@code latencyCurveFractions} (e2e steps at these fractions of the ceiling), {@code
 * scaling} (a matrix of {@link ScalingCell#DIMENSIONS}, each cell on its own stack), {@code
 * scalingRates} (the rates a cell steps through, default {@code e2eRates}), {@code faults} (fault
 * ids run with {@code FaultSimulation}) and {@code faultFlags}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Workload(
    String name,
    String description,
    List<Integer> ackRates,
    List<Integer> e2eRates,
    Integer stepSeconds,
    Integer warmupSeconds,
    Integer pipelineWarmupSeconds,
    Integer producerPerfRecords,
    Integer messageBytes,
    Integer partitions,
    Integer consumerThreads,
    Integer poolSize,
    Boolean stopAtCeiling,
    String stackFlags,
    String extraFlags,
    Integer repeats,
    Boolean repeatEveryStep,
    Integer bisectSteps,
    List<Double> latencyCurveFractions,
    Map<String, List<Integer>> scaling,
    List<Integer> scalingRates,
    List<String> faults,
    String faultFlags) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Workload {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "a workload needs a name of letters, digits, '.', '_' or '-': " + name);
    }
    if (repeats != null && repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, was " + repeats);
    }
    if (bisectSteps != null && bisectSteps < 0) {
      throw new IllegalArgumentException("bisectSteps must be 0 or more, was " + bisectSteps);
    }
    if (latencyCurveFractions != null) {
      for (Double f : latencyCurveFractions) {
        if (f == null || !(f > 0 && f <= 1)) {
          throw new IllegalArgumentException(
              "latencyCurveFractions are fractions of the ceiling in (0, 1], got " + f);
        }
      }
    }
    if (scaling != null) {
      scaling = new LinkedHashMap<>(scaling);
      ScalingCell.matrix(scaling); // refuses an unknown dimension or an empty list
    }
    if (faults != null) {
      for (String f : faults) {
        if (f == null || !f.matches("[a-z0-9-]+")) {
          throw new IllegalArgumentException("a fault id is lower case with '-', got " + f);
        }
      }
    }
  }

  public static Workload read(Path file) {
    try {
      return JSON.readValue(file.toFile(), Workload.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the workload " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A workload's file: a path ending in {@code .json}, else {@code
   * simulations-data/benchmarks/<name>.json} under {@code root}.
   */
  public static Path file(Path root, String nameOrPath) {
    Path file =
        nameOrPath.endsWith(".json")
            ? Path.of(nameOrPath)
            : root.resolve("simulations-data/benchmarks").resolve(nameOrPath + ".json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no workload file " + file);
    }
    return file;
  }

  /** The scaling matrix's cells, first dimension slowest; empty without {@code scaling}. */
  public List<ScalingCell> cells() {
    return scaling == null ? List.of() : ScalingCell.matrix(scaling);
  }

  /** The runner's environment variables this workload sets, in a stable order. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WORKLOAD_NAME", name);
    put(env, "ACK_RATES", ackRates, Workload::joined);
    put(env, "E2E_RATES", e2eRates, Workload::joined);
    put(env, "STEP_SECONDS", stepSeconds, String::valueOf);
    put(env, "WARMUP_SECONDS", warmupSeconds, String::valueOf);
    put(env, "PIPELINE_WARMUP_SECONDS", pipelineWarmupSeconds, String::valueOf);
    put(env, "PP_RECORDS", producerPerfRecords, String::valueOf);
    put(env, "STOP_AT_CEILING", stopAtCeiling, b -> b ? "1" : "0");
    put(env, "REPEATS", repeats, String::valueOf);
    put(env, "REPEAT_EVERY_STEP", repeatEveryStep, b -> b ? "1" : "0");
    put(env, "BISECT_STEPS", bisectSteps, String::valueOf);
    put(env, "CURVE_FRACTIONS", latencyCurveFractions, Workload::joined);
    put(env, "SCALING_RATES", scalingRates, Workload::joined);
    put(env, "FAULTS", faults, l -> String.join(" ", l));
    put(env, "FAULT_FLAGS", faultFlags, String::trim);
    List<String> stack = new ArrayList<>();
    if (partitions != null) {
      stack.add("-Dtopic.partitions=" + partitions);
    }
    if (consumerThreads != null) {
      stack.add("-Dservice.consumer.threads=" + consumerThreads);
    }
    if (poolSize != null) {
      stack.add("-Dservice.db.poolSize=" + poolSize);
    }
    if (stackFlags != null && !stackFlags.isBlank()) {
      stack.add(stackFlags.trim());
    }
    if (!stack.isEmpty()) {
      env.put("STACK_FLAGS", String.join(" ", stack));
    }
    List<String> extra = new ArrayList<>();
    if (messageBytes != null) {
      extra.add("-DmessageBytes=" + messageBytes);
    }
    if (extraFlags != null && !extraFlags.isBlank()) {
      extra.add(extraFlags.trim());
    }
    if (!extra.isEmpty()) {
      env.put("EXTRA_FLAGS", String.join(" ", extra));
    }
    return env;
  }

  /**
   * Bash assignments for {@code eval}: variables already set in {@code current} are left alone (the
   * caller's environment wins over the file).
   */
  public String shellAssignments(Map<String, String> current) {
    return environment().entrySet().stream()
        .filter(e -> !current.containsKey(e.getKey()))
        .map(e -> e.getKey() + "=" + quote(e.getValue()))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static <T> void put(Map<String, String> env, String key, T v, Function<T, String> f) {
    if (v != null) {
      env.put(key, f.apply(v));
    }
  }

  private static String joined(List<? extends Number> values) {
    return values.stream().map(Workload::number).collect(Collectors.joining(" "));
  }

  private static String number(Number n) {
    double v = n.doubleValue();
    return v == Math.rint(v) && !(n instanceof Double) ? Long.toString((long) v) : n.toString();
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
