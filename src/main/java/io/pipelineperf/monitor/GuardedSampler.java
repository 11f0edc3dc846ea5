package io.pipelineperf.monitor;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sampler and never lets it fail the run: its first failure is one WARN line and later
 * failures are silent (faults make sources vanish and return many times in a run); the first
 * recovery after that warning is one INFO line.
 */
final class GuardedSampler {

  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

  private final Sampler sampler;
  private boolean warned;
  private boolean failing;
  private boolean recoveryLogged;
  private volatile int failures;

  GuardedSampler(Sampler sampler) {
    this.sampler = sampler;
  }

  Sampler sampler() {
    return sampler;
  }

  int failures() {
    return failures;
  }

  /** This tick's values, or an empty map when the source could not be read. */
  Map<String, Double> sample() {
    Map<String, Double> values = new HashMap<>();
    try {
      sampler.sample(values);
      if (failing && !recoveryLogged) {
        recoveryLogged = true;
        LOG.info("monitor: {} sampler reads {} again", sampler.name(), sampler.source());
      }
      failing = false;
      return values;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception | LinkageError e) {
      failures++;
      failing = true;
      if (!warned) {
        warned = true;
        LOG.warn(
            "monitor: {} sampler cannot read {} ({}); its metrics are missing until it answers,"
                + " the run goes on",
            sampler.name(),
            sampler.source(),
            describe(e));
      }
      return Map.of();
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  void close() {
    try {
      sampler.close();
    } catch (Exception e) {
      LOG.debug("monitor: closing {} sampler failed", sampler.name(), e);
    }
  }
}
