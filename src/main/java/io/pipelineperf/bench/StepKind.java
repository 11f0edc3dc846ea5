package io.pipelineperf.bench;

import java.util.Locale;

/** The two stepped benchmarks: the load generator alone (ack) and the whole pipeline (e2e). */
public enum StepKind {
  ACK,
  E2E;

  public static StepKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("step kind '" + text + "' is unknown: use ack or e2e");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
