package io.pipelineperf.service;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one batch write did: ids found already processed (idempotent skips), and ids the database
 * refused (to be dead-lettered). Every other message of the batch was written.
 */
public record WriteResult(Set<UUID> duplicates, Map<UUID, Rejection> rejected) {

  public record Rejection(RejectCode code, String reason) {}

  /** Marker for a batch dropped on purpose by the planted defect no-retry. */
  public static final WriteResult LOST = new WriteResult(Set.of(), Map.of());

  public WriteResult {
    duplicates = Set.copyOf(duplicates);
    rejected = Map.copyOf(rejected);
  }
}
