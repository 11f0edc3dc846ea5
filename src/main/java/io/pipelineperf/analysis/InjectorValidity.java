package io.pipelineperf.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges the load generator, not the system under test: a run whose sends went out late, whose
 * outcome watcher fell behind, or whose load generator used up its CPU measured the injector. Each
 * result is a {@link AssertionResult.Kind#VALIDITY} check; one failing makes the run INVALID. A
 * figure that was not measured (null) is reported but does not invalidate the run: the scheduling
 * delay is always measured when anything was sent.
 */
public final class InjectorValidity {

  private InjectorValidity() {}

  public static List<AssertionResult> evaluate(
      Double schedulingDelayP99Ms,
      Double watcherLagP99Ms,
      Double injectorCpuMeanPct,
      InjectorLimits limits) {
    List<AssertionResult> results = new ArrayList<>();
    results.add(
        new AssertionResult(
            "load generator on schedule: scheduling delay p99 < "
                + fmt(limits.schedulingDelayP99Ms())
                + " ms",
            schedulingDelayP99Ms != null && schedulingDelayP99Ms < limits.schedulingDelayP99Ms(),
            schedulingDelayP99Ms,
            limits.schedulingDelayP99Ms(),
            AssertionResult.Kind.VALIDITY));
    if (watcherLagP99Ms != null) {
      results.add(
          new AssertionResult(
              "outcome watcher kept up: lag p99 < " + fmt(limits.watcherLagP99Ms()) + " ms",
              watcherLagP99Ms < limits.watcherLagP99Ms(),
              watcherLagP99Ms,
              limits.watcherLagP99Ms(),
              AssertionResult.Kind.VALIDITY));
    }
    if (injectorCpuMeanPct != null) {
      results.add(
          new AssertionResult(
              "load generator not CPU-bound: its CPU mean < " + fmt(limits.cpuMeanPct()) + " %",
              injectorCpuMeanPct < limits.cpuMeanPct(),
              injectorCpuMeanPct,
              limits.cpuMeanPct(),
              AssertionResult.Kind.VALIDITY));
    }
    return results;
  }

  /** Why a failed validity check invalidates the run, in words a person can act on. */
  public static String reason(AssertionResult failed) {
    String limit = " (limit " + fmt(failed.threshold()) + ")";
    String what;
    if (failed.actual() == null) {
      what = failed.description() + " was not measured";
    } else if (failed.description().startsWith("load generator on schedule")) {
      what = "the load generator fell behind by p99 " + fmt(failed.actual()) + " ms" + limit;
    } else if (failed.description().startsWith("outcome watcher")) {
      what = "the outcome watcher fell behind by p99 " + fmt(failed.actual()) + " ms" + limit;
    } else {
      what = "the load generator used " + fmt(failed.actual()) + " % of the CPU" + limit;
    }
    return what + ": the result says nothing about the system under test";
  }

  static String fmt(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.valueOf(Math.round(value * 1000) / 1000.0);
  }
}
