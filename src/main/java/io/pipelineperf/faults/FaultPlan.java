package io.pipelineperf.faults;

import io.pipelineperf.analysis.NumberProperties;
import java.util.List;

/**
 * When the faults of a fault run happen, in seconds from the start of the measured phase: injected
 * at {@code at}, healed {@code hold} later, then {@code settle} seconds of the same load to see the
 * recovery. Read from {@code -Dfault=}, {@code -Dfault.at=}, {@code -Dfault.hold=} and {@code
 * -Dfault.settle=}; a value that cannot give a trustworthy verdict stops the run at once.
 *
 * @param ids the faults, injected in this order and all healed at {@code at + hold}
 * @param staggerSeconds between one fault's injection and the next's ({@code -Dfault.stagger=},
 *     default 0: all at once), e.g. to crash the service once a slow database has filled its
 *     batches
 */
public record FaultPlan(
    List<String> ids,
    double atSeconds,
    double holdSeconds,
    double settleSeconds,
    double staggerSeconds) {

  public static final double DEFAULT_AT = 20;
  public static final double DEFAULT_HOLD = 15;
  public static final double DEFAULT_SETTLE = 45;

  /** The pre-fault baseline the recovery is measured against (RecoveryAnalysis's window). */
  public static final double BASELINE_SECONDS = 10;

  /** Health must hold this long to count as recovered (RecoveryAnalysis's default). */
  public static final double HEALTHY_FOR_SECONDS = 3;

  public FaultPlan {
    ids = List.copyOf(ids);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(
          "no fault named: pass -D"
              + FaultCatalogue.PROPERTY
              + "=<id>[,<id>...], one of "
              + String.join(", ", FaultCatalogue.ids()));
    }
    if (atSeconds < BASELINE_SECONDS) {
      throw new IllegalArgumentException(
          "-Dfault.at="
              + NumberProperties.format(atSeconds)
              + " is too early: the recovery is judged against the "
              + NumberProperties.format(BASELINE_SECONDS)
              + " s of steady load before the fault; use -Dfault.at="
              + NumberProperties.format(BASELINE_SECONDS)
              + " or more");
    }
    if (holdSeconds <= 0) {
      throw new IllegalArgumentException(
          "-Dfault.hold=" + NumberProperties.format(holdSeconds) + " must be > 0 s");
    }
    if (staggerSeconds < 0 || staggerSeconds * (ids.size() - 1) >= holdSeconds) {
      throw new IllegalArgumentException(
          "-Dfault.stagger="
              + NumberProperties.format(staggerSeconds)
              + " must be >= 0 and put the last of "
              + ids.size()
              + " faults in before the heal at fault.hold="
              + NumberProperties.format(holdSeconds)
              + " s: lower the stagger or raise -Dfault.hold");
    }
    if (settleSeconds <= 0) {
      throw new IllegalArgumentException(
          "-Dfault.settle=" + NumberProperties.format(settleSeconds) + " must be > 0 s");
    }
  }

  /** Reads the plan; {@code maxRecoverySeconds} is the limit the settle phase must let us see. */
  public static FaultPlan fromSystemProperties(double maxRecoverySeconds) {
    List<String> ids = FaultCatalogue.parseIds(System.getProperty(FaultCatalogue.PROPERTY));
    FaultPlan plan =
        new FaultPlan(
            ids,
            NumberProperties.positive("fault.at", DEFAULT_AT),
            NumberProperties.positive("fault.hold", DEFAULT_HOLD),
            NumberProperties.positive("fault.settle", DEFAULT_SETTLE),
            NumberProperties.nonNegative("fault.stagger", 0));
    plan.requireSettleFor(maxRecoverySeconds);
    return plan;
  }

  /** Fails unless a recovery just under the limit can still be observed within the run. */
  public void requireSettleFor(double maxRecoverySeconds) {
    double needed = maxRecoverySeconds + HEALTHY_FOR_SECONDS;
    if (settleSeconds < needed) {
      throw new IllegalArgumentException(
          "-Dfault.settle="
              + NumberProperties.format(settleSeconds)
              + " s is too short to see a recovery of up to "
              + NumberProperties.format(maxRecoverySeconds)
              + " s (plus "
              + NumberProperties.format(HEALTHY_FOR_SECONDS)
              + " s of health): use -Dfault.settle="
              + NumberProperties.format(needed)
              + " or more, or lower -Dassert.maxRecoverySeconds");
    }
  }

  /** The measured phase the plan needs: before, during and after the fault. */
  public double measuredSeconds() {
    return atSeconds + holdSeconds + settleSeconds;
  }

  /** Seconds after {@code at} at which the fault at {@code index} is injected. */
  public double injectOffsetSeconds(int index) {
    return staggerSeconds * index;
  }

  /** The comma list, as {@code -Dfault} takes it. */
  public String idList() {
    return String.join(",", ids);
  }
}
