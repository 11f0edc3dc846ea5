package io.pipelineperf.analysis;

/**
 * The measured-phase figures the run assertions judge.
 *
 * @param processed measured messages seen processed (a run that processed none fails)
 * @param e2eP95Ms null when no measured message has an e2e latency
 * @param e2eP95FirstThirdMs e2e p95 of messages due in the first third of the measured phase
 * @param e2eP95LastThirdMs e2e p95 of messages due in the last third of the measured phase
 */
public record RunFacts(
    long processed,
    Double e2eP95Ms,
    double errorRatePct,
    double targetRate,
    double achievedRate,
    long lost,
    long duplicated,
    double e2eP95FirstThirdMs,
    double e2eP95LastThirdMs) {}
