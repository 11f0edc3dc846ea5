package io.pipelineperf.verify;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.NumberProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * PASS or FAIL for one injected fault: recovery under the limit, nothing lost, nothing duplicated
 * in the database, and the error rate outside the fault window under the limit. A value that was
 * never measured (never recovered, no traffic outside the window) fails its check. Each check is an
 * {@link AssertionResult} whose description starts with the fault id, so that several faults'
 * checks can share the run's assertion list.
 */
public record FaultVerdict(
    Verdict verdict, List<String> reasons, List<AssertionResult> assertions) {

  public enum Verdict {
    PASS,
    FAIL,
    /** Not injected: this machine or target cannot (the entry says why). */
    SKIPPED
  }

  public FaultVerdict {
    reasons = List.copyOf(reasons);
    assertions = List.copyOf(assertions);
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  public static FaultVerdict judge(
      String faultId, FaultOutcome outcome, Reconciliation reconciliation, FaultThresholds limits) {
    return judge(faultId, outcome, reconciliation.lost(), reconciliation.duplicated(), limits);
  }

  public static FaultVerdict judge(
      String faultId, FaultOutcome outcome, long lost, long duplicated, FaultThresholds limits) {
    String prefix = faultId + ": ";
    Double recovery = outcome.recoverySeconds();
    Double errorRate = outcome.outsideErrorRatePct();
    List<AssertionResult> checks =
        List.of(
            new AssertionResult(
                prefix
                    + "recovery < "
                    + NumberProperties.format(limits.maxRecoverySeconds())
                    + " s",
                recovery != null && recovery < limits.maxRecoverySeconds(),
                recovery,
                limits.maxRecoverySeconds()),
            new AssertionResult(
                prefix + "lost messages <= " + limits.maxLost(),
                lost <= limits.maxLost(),
                (double) lost,
                limits.maxLost()),
            new AssertionResult(
                prefix + "duplicated messages <= " + limits.maxDuplicated(),
                duplicated <= limits.maxDuplicated(),
                (double) duplicated,
                limits.maxDuplicated()),
            new AssertionResult(
                prefix
                    + "error rate outside the fault window < "
                    + NumberProperties.format(limits.maxOutsideErrorRatePct())
                    + " %",
                errorRate != null && errorRate < limits.maxOutsideErrorRatePct(),
                errorRate,
                limits.maxOutsideErrorRatePct()));
    List<String> reasons = new ArrayList<>();
    for (AssertionResult check : checks) {
      if (!check.passed()) {
        reasons.add(reason(check));
      }
    }
    return new FaultVerdict(reasons.isEmpty() ? Verdict.PASS : Verdict.FAIL, reasons, checks);
  }

  private static String reason(AssertionResult check) {
    if (check.actual() != null) {
      return check.description()
          + " failed (actual "
          + NumberProperties.format(check.actual())
          + ")";
    }
    if (check.description().contains("recovery")) {
      return check.description() + " failed: throughput and lag never came back within the run";
    }
    return check.description() + " failed: not measurable (nothing processed outside the window)";
  }
}
