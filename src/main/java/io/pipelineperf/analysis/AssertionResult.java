package io.pipelineperf.analysis;

/**
 * One checked expectation of a run, e.g. "e2e p95 < 100 ms", with the value it met. {@code actual}
 * is null when the value was never measured; such a check fails, since an unchecked limit is not a
 * met limit.
 */
public record AssertionResult(
    String description, boolean passed, Double actual, double threshold) {}
