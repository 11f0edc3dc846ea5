package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One cell of a workload's scaling matrix: a value for each dimension, turned into the stack's
 * flags. {@code consumerThreads} is the service's {@code -Dservice.consumer.threads}, {@code
 * poolSize} its {@code -Dservice.db.poolSize}, {@code partitions} the topics' {@code
 * -Dtopic.partitions}, {@code serviceCores} pins the service to that many CPUs ({@code
 * -Dstack.serviceCpus}, the machine's last ones, with {@code taskset -c}).
 */
public record ScalingCell(Map<String, Integer> settings) {

  public static final List<String> DIMENSIONS =
      List.of("consumerThreads", "partitions", "poolSize", "serviceCores");

  public ScalingCell {
    settings = new LinkedHashMap<>(settings);
    for (Map.Entry<String, Integer> e : settings.entrySet()) {
      if (!DIMENSIONS.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "scaling dimension '" + e.getKey() + "' is unknown: use one of " + DIMENSIONS);
      }
      if (e.getValue() == null || e.getValue() < 1) {
        throw new IllegalArgumentException(
            "scaling: " + e.getKey() + " must be a whole number >= 1, was " + e.getValue());
      }
    }
  }

  /** Every combination of the values, the first dimension changing slowest. */
  public static List<ScalingCell> matrix(Map<String, List<Integer>> dimensions) {
    if (dimensions.isEmpty()) {
      throw new IllegalArgumentException("scaling has no dimension: leave it out or name one");
    }
    List<Map<String, Integer>> cells = new ArrayList<>();
    cells.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Integer>> d : dimensions.entrySet()) {
      if (d.getValue() == null || d.getValue().isEmpty()) {
        throw new IllegalArgumentException("scaling: " + d.getKey() + " lists no value");
      }
      List<Map<String, Integer>> next = new ArrayList<>();
      for (Map<String, Integer> cell : cells) {
        for (Integer v : d.getValue()) {
          Map<String, Integer> c = new LinkedHashMap<>(cell);
          c.put(d.getKey(), v);
          next.add(c);
        }
      }
      cells = next;
    }
    return cells.stream().map(ScalingCell::new).toList();
  }

  /** E.g. {@code consumerThreads=3,serviceCores=1}: the cell's name in tables and metrics. */
  public String id() {
    return settings.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** The CPUs the service may use in this cell, or null when it is not pinned. */
  public Integer serviceCores() {
    return settings.get("serviceCores");
  }

  /** The stack flags of this cell (they go after the workload's, so they win). */
  public List<String> stackFlags() {
    List<String> flags = new ArrayList<>();
    settings.forEach(
        (k, v) -> {
          switch (k) {
            case "consumerThreads" -> flags.add("-Dservice.consumer.threads=" + v);
            case "poolSize" -> flags.add("-Dservice.db.poolSize=" + v);
            case "partitions" -> flags.add("-Dtopic.partitions=" + v);
            case "serviceCores" ->
                flags.add("-Dstack.serviceCpus=" + io.pipelineperf.stack.CpuSet.last(v).cpus());
            default -> throw new IllegalStateException(k);
          }
        });
    return flags;
  }
}
