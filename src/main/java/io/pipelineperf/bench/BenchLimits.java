package io.pipelineperf.bench;

import io.pipelineperf.analysis.NumberProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a step stops holding: ack-only steps at ack p99 &gt;= {@code ackP99Ms} or achieved below
 * {@code minAchievedRatio} of the target; e2e steps at e2e p95 &gt;= {@code e2eP95Ms}, achieved
 * below the ratio, or any lost message. System properties {@code bench.ackP99Ms} (20), {@code
 * bench.e2eP95Ms} (100), {@code bench.minAchievedRatio} (0.99).
 */
public record BenchLimits(double ackP99Ms, double e2eP95Ms, double minAchievedRatio) {

  public static BenchLimits defaults() {
    return new BenchLimits(20, 100, 0.99);
  }

  public static BenchLimits fromSystemProperties() {
    BenchLimits d = defaults();
    return new BenchLimits(
        NumberProperties.positive("bench.ackP99Ms", d.ackP99Ms),
        NumberProperties.positive("bench.e2eP95Ms", d.e2eP95Ms),
        NumberProperties.positive("bench.minAchievedRatio", d.minAchievedRatio));
  }

  /** Why the step does not hold; empty when it holds. */
  public List<String> breaches(StepResult step) {
    List<String> reasons = new ArrayList<>();
    if ("INVALID".equals(step.verdict())) {
      // the load generator fell behind: the step says nothing about the pipeline at this rate, so
      // it cannot be the ceiling, however good its latencies look
      reasons.add(
          "the run was INVALID: the load generator fell behind (scheduling delay p99 "
              + step.schedulingDelayP99Ms()
              + " ms)");
    }
    double floor = minAchievedRatio * step.targetRate();
    if (step.achievedRate() < floor) {
      reasons.add(
          String.format(
              "achieved %.1f msg/s < %.0f %% of %.0f",
              step.achievedRate(), minAchievedRatio * 100, step.targetRate()));
    }
    if (step.kind() == StepKind.ACK) {
      if (step.ackP99Ms() == null || step.ackP99Ms() >= ackP99Ms) {
        reasons.add("ack p99 " + step.ackP99Ms() + " ms >= " + ackP99Ms + " ms");
      }
    } else {
      if (step.e2eP95Ms() == null || step.e2eP95Ms() >= e2eP95Ms) {
        reasons.add("e2e p95 " + step.e2eP95Ms() + " ms >= " + e2eP95Ms + " ms");
      }
      if (step.lost() == null || step.lost() > 0) {
        reasons.add("lost " + step.lost() + " > 0");
      }
    }
    return reasons;
  }
}
