package io.pipelineperf.analysis;

/**
 * One point of the load's own series for {@link ResourcesPage}: time (epoch ms), messages per
 * second, and end-to-end p95 in ms (null when no message completed in that second).
 */
public record ThroughputPoint(long t, double msgsPerSec, Double e2eP95Ms) {}
