package io.pipelineperf.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A benchmark workload file ({@code simulations-data/benchmarks/*.json}, OpenMessaging Benchmark
 * style). Turned into the settings of {@code bench/run-benchmarks.sh}: a field left out keeps the
 * script's default, and an environment variable that is already set wins over the file.
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
    String extraFlags) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Workload {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "a workload needs a name of letters, digits, '.', '_' or '-': " + name);
    }
  }

  public static Workload read(Path file) {
    try {
      return JSON.readValue(file.toFile(), Workload.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the workload " + file + ": " + e.getMessage(), e);
    }
  }

  /** The script's environment variables this workload sets, in a stable order. */
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

  private static String joined(List<Integer> rates) {
    return rates.stream().map(String::valueOf).collect(Collectors.joining(" "));
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
