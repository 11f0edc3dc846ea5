package io.pipelineperf.analysis;

/** One checked expectation of a run, e.g. "e2e p95 < 100 ms", with the value it met. */
public record AssertionResult(
    String description, boolean passed, double actual, double threshold) {}
