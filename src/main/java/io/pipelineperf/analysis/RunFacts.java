package io.pipelineperf.analysis;

/**
 * The measured-phase figures the run assertions judge.
 *
 * @param e2eP95FirstThirdMs e2e p95 of messages due in the first third of the measured phase
 * @param e2eP95LastThirdMs e2e p95 of messages due in the last third of the measured phase
 */
public record RunFacts(
    double e2eP95Ms,
    double errorRatePct,
    double targetRate,
    double achievedRate,
    long lost,
    long duplicated,
    double e2eP95FirstThirdMs,
    double e2eP95LastThirdMs) {}
