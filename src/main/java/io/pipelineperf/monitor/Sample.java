package io.pipelineperf.monitor;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of timeseries.jsonl: when (epoch ms), in which phase, and flat metric values. A metric
 * whose source could not be read in that tick is absent.
 */
public record Sample(long t, String phase, Map<String, Double> values) {

  public Sample {
    values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The value, or null when it was not sampled. */
  public Double get(String key) {
    return values.get(key);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }
}
