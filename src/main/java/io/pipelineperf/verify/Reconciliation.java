package io.pipelineperf.verify;

import io.pipelineperf.analysis.AssertionResult;
import java.util.List;

/**
 * What the pipeline's table holds for the acknowledged ids: {@code lost} were never written, {@code
 * duplicated} were written more than once. {@code checked} is how many ids the database compared,
 * {@code expected} how many the ledger says it had to (acknowledged and not dead-lettered): a
 * reconciliation that checked fewer proves nothing about the rest, see {@link
 * #completenessAssertion()}. The samples name a few ids of each for the report; the ledger carries
 * every one of them as {@link Ledger.Mark#LOST} / {@link Ledger.Mark#DUPLICATED}.
 */
public record Reconciliation(
    long checked,
    long expected,
    long lost,
    long duplicated,
    List<String> lostSample,
    List<String> duplicatedSample) {

  public static final int SAMPLE_SIZE = 20;

  public Reconciliation {
    lostSample = List.copyOf(lostSample);
    duplicatedSample = List.copyOf(duplicatedSample);
  }

  public static Reconciliation empty() {
    return new Reconciliation(0, 0, 0, 0, List.of(), List.of());
  }

  /** Every acknowledged, not dead-lettered id was compared against the database. */
  public boolean complete() {
    return checked == expected;
  }

  /**
   * "reconciliation checked every acknowledged id": FAILS when {@code checked != expected}; actual
   * is the number of ids not checked (negative: more checked than acknowledged).
   */
  public AssertionResult completenessAssertion() {
    return new AssertionResult(
        "reconciliation checked every acknowledged id ("
            + checked
            + " of "
            + expected
            + ", dead-lettered ones excepted)",
        complete(),
        (double) (expected - checked),
        0.0);
  }
}
