package io.pipelineperf.analysis;

/**
 * One checked expectation of a run, e.g. "e2e p95 < 100 ms", with the value it met. {@code actual}
 * is null when the value was never measured; such a check fails, since an unchecked limit is not a
 * met limit.
 *
 * <p>A {@link Kind#CHECK} judges the system under test: when it fails the run FAILS. A {@link
 * Kind#VALIDITY} judges the measurement itself (did the load generator keep to its schedule?): when
 * it fails the run is INVALID, whatever the checks say, because its numbers do not describe the
 * system under test.
 */
public record AssertionResult(
    String description, boolean passed, Double actual, double threshold, Kind kind) {

  public enum Kind {
    CHECK,
    VALIDITY
  }

  public AssertionResult(String description, boolean passed, Double actual, double threshold) {
    this(description, passed, actual, threshold, Kind.CHECK);
  }

  public boolean isValidity() {
    return kind == Kind.VALIDITY;
  }
}
