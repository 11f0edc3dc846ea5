package io.pipelineperf.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the component sampler read at one moment: each component's CPU time so far (seconds,
 * cumulative, {@code host} for the whole machine's busy time) and its memory (bytes: RSS for a JVM,
 * the sum of PSS over PostgreSQL's processes).
 */
public record ComponentSample(long t, Map<String, Double> cpuSeconds, Map<String, Long> memBytes) {

  public ComponentSample {
    cpuSeconds = new TreeMap<>(cpuSeconds);
    memBytes = new TreeMap<>(memBytes);
  }
}
