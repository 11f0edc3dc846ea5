package io.pipelineperf.monitor;

/**
 * One checked resource limit. {@code actual} is null when the metric was never sampled (then the
 * check fails: an unchecked limit is not a met limit).
 */
public record ResourceAssertion(
    String description, boolean passed, Double actual, double threshold) {}
