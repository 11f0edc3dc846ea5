package io.pipelineperf.gatling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An outcome event of the service (README: "Outcome event"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Outcome(String id, String status, String reason, String processedAt) {

  public static final String PROCESSED = "processed";
  public static final String DUPLICATE = "duplicate";
  public static final String DEAD_LETTERED = "dead-lettered";

  /** Written: the first time ({@code processed}) or again, idempotently ({@code duplicate}). */
  public boolean isProcessed() {
    return PROCESSED.equals(status) || DUPLICATE.equals(status);
  }

  public boolean isDeadLettered() {
    return DEAD_LETTERED.equals(status);
  }
}
