package io.pipelineperf.analysis;

import java.util.List;

/** Judges a run's facts against its thresholds; one result per expectation. */
public final class RunAssertions {

  private RunAssertions() {}

  public static List<AssertionResult> evaluate(RunFacts facts, RunThresholds limits) {
    double throughputFloor = limits.throughputRatio() * facts.targetRate();
    double floor = Math.max(limits.degradationFloorMs(), 1e-3);
    double degradation =
        Math.max(facts.e2eP95LastThirdMs(), floor) / Math.max(facts.e2eP95FirstThirdMs(), floor);
    return List.of(
        new AssertionResult(
            "messages processed > 0", facts.processed() > 0, (double) facts.processed(), 0),
        new AssertionResult(
            "e2e p95 < " + fmt(limits.e2eP95Ms()) + " ms",
            facts.e2eP95Ms() != null && facts.e2eP95Ms() < limits.e2eP95Ms(),
            facts.e2eP95Ms(),
            limits.e2eP95Ms()),
        new AssertionResult(
            "error rate < " + fmt(limits.errorRatePct()) + " %",
            facts.errorRatePct() < limits.errorRatePct(),
            facts.errorRatePct(),
            limits.errorRatePct()),
        new AssertionResult(
            "achieved throughput >= " + fmt(throughputFloor) + " msg/s",
            facts.achievedRate() >= throughputFloor,
            facts.achievedRate(),
            throughputFloor),
        new AssertionResult(
            "lost messages <= " + limits.maxLost(),
            facts.lost() <= limits.maxLost(),
            (double) facts.lost(),
            limits.maxLost()),
        new AssertionResult(
            "duplicated messages <= " + limits.maxDuplicated(),
            facts.duplicated() <= limits.maxDuplicated(),
            (double) facts.duplicated(),
            limits.maxDuplicated()),
        new AssertionResult(
            "e2e p95 last third / first third <= " + fmt(limits.degradationRatio()),
            degradation <= limits.degradationRatio(),
            degradation,
            limits.degradationRatio()));
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.valueOf(value);
  }
}
