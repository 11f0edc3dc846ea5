package io.pipelineperf.verify;

import java.util.List;
import java.util.UUID;

/**
 * What PostgreSQL holds for the acknowledged ids: {@code lost} were never written, {@code
 * duplicated} were written more than once. The samples name a few ids of each for the report.
 */
public record Reconciliation(
    long checked, long lost, long duplicated, List<UUID> lostSample, List<UUID> duplicatedSample) {

  public static final int SAMPLE_SIZE = 20;

  public static Reconciliation empty() {
    return new Reconciliation(0, 0, 0, List.of(), List.of());
  }
}
