package io.pipelineperf.verify;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.faults.FaultDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what a fault run recorded into its {@code faults} entries: per injected fault, detection
 * and recovery ({@link RecoveryAnalysis}), the run's reconciliation, dead letters by reason, the
 * acknowledged-but-unprocessed series, what the service logged, and a verdict.
 *
 * <p>Errors (failed sends, e2e timeouts, stamped at their due time) count as inside the fault until
 * the heal has returned plus {@link #ERROR_GRACE_MS}: a restart that waits for readiness is still
 * the fault. A fault whose inject or heal failed cannot pass.
 */
public final class FaultRunAnalysis {

  /** Errors and log lines this long after the heal returned still belong to the fault. */
  static final long ERROR_GRACE_MS = 5_000;

  /**
   * What the run measured besides the faults themselves.
   *
   * @param lost acknowledged ids not in the database, all of them
   * @param destroyedByFault those of them a fault destroyed before the service could consume them
   *     ({@link io.pipelineperf.faults.Fault#destroysUnconsumedInput()}); judged apart
   */
  public record RunData(
      RecoveryInputs inputs,
      InFlightSeries inFlight,
      long lost,
      long duplicated,
      long destroyedByFault,
      Map<String, Long> deadLettered,
      Optional<Path> serviceLog) {

    /** Lost by the service: lost minus what the fault destroyed. */
    long lostByService() {
      return Math.max(0, lost - destroyedByFault);
    }
  }

  private final FaultThresholds limits;
  private final ZoneId zone;

  public FaultRunAnalysis(FaultThresholds limits) {
    this(limits, ZoneId.systemDefault());
  }

  public FaultRunAnalysis(FaultThresholds limits, ZoneId zone) {
    this.limits = limits;
    this.zone = zone;
  }

  public List<FaultEntry> analyse(List<FaultDriver.Injected> faults, RunData run) {
    List<FaultEntry> entries = new ArrayList<>();
    for (FaultDriver.Injected f : faults) {
      entries.add(entry(f, run));
    }
    return entries;
  }

  private FaultEntry entry(FaultDriver.Injected f, RunData run) {
    FaultEntry.About about = new FaultEntry.About(f.description(), f.handledMeans(), null);
    if (f.skipped()) {
      return FaultEntry.skipped(f.id(), about, f.skipReason());
    }
    if (f.injectedAt() == null) {
      return FaultEntry.skipped(
          f.id(), about, "not injected: the run ended before the fault was due (-Dfault.at)");
    }
    List<String> notes = new ArrayList<>();
    long healedAt;
    if (f.healedAt() != null) {
      healedAt = f.healedAt();
    } else {
      healedAt = System.currentTimeMillis();
      notes.add("the heal had not started when the run was analysed: window ends now");
    }
    long healDone = f.healDoneAt() != null ? f.healDoneAt() : healedAt;
    long grace = Math.max(0, healDone - healedAt) + ERROR_GRACE_MS;
    FaultWindow window = new FaultWindow(f.injectedAt(), healedAt);
    RecoveryAnalysis analysis =
        new RecoveryAnalysis(RecoveryAnalysis.Settings.defaults().withErrorGraceMs(grace));
    FaultOutcome outcome = analysis.analyse(window, run.inputs());
    notes.addAll(outcome.notes());
    if (run.destroyedByFault() > 0) {
      notes.add(
          run.destroyedByFault()
              + " acknowledged messages were destroyed by the fault itself before the service"
              + " could consume them (not counted as lost by the service)");
    }
    ServiceLogCheck.LoggedFault logged = serviceLog(run.serviceLog(), window, grace, notes);
    outcome =
        new FaultOutcome(
            outcome.window(),
            outcome.detectSeconds(),
            outcome.detectedBy(),
            outcome.recoverySeconds(),
            outcome.baselineRate(),
            outcome.baselineLag(),
            outcome.lagLimit(),
            outcome.errorsInside(),
            outcome.errorsOutside(),
            outcome.outsideErrorRatePct(),
            notes);
    FaultVerdict verdict =
        FaultVerdict.judge(f.id(), outcome, run.lostByService(), run.duplicated(), limits);
    FaultEntry.InFlight inFlight = inFlight(run.inFlight(), window);

    List<AssertionResult> more = new ArrayList<>();
    long unprocessed = Math.max(0, inFlight.atEnd() - run.destroyedByFault());
    more.add(
        new AssertionResult(
            f.id() + ": acknowledged but not processed at the end = 0",
            unprocessed == 0,
            (double) unprocessed,
            0.0));
    more.add(
        new AssertionResult(
            f.id()
                + ": injected and healed without error"
                + (f.error() == null ? "" : ": " + f.error()),
            f.error() == null,
            f.error() == null ? 0.0 : 1.0,
            0.0));
    return FaultEntry.of(
        f.id(),
        new FaultEntry.About(f.description(), f.handledMeans(), f.healSeconds()),
        outcome,
        run.lostByService(),
        run.duplicated(),
        run.deadLettered(),
        run.destroyedByFault(),
        inFlight,
        verdict,
        more,
        logged);
  }

  static FaultEntry.InFlight inFlight(InFlightSeries series, FaultWindow window) {
    long before = 0;
    long during = 0;
    for (InFlightSeries.InFlightPoint p : series.points()) {
      if (p.t() <= window.injectedAt()) {
        before = Math.max(before, p.inFlight());
      } else if (p.t() <= window.healedAt() + 1000) {
        during = Math.max(during, p.inFlight());
      }
    }
    InFlightSeries.Return back = series.firstAtOrBelow(window.healedAt(), before);
    return new FaultEntry.InFlight(
        before, during, back.returned() ? back.secondsAfter() : null, series.finalInFlight());
  }

  private ServiceLogCheck.LoggedFault serviceLog(
      Optional<Path> log, FaultWindow window, long grace, List<String> notes) {
    if (log.isEmpty() || !Files.isReadable(log.get())) {
      notes.add("service log not checked: no log file of the service (external target?)");
      return null;
    }
    try {
      return new ServiceLogCheck(zone, grace).check(log.get(), window);
    } catch (RuntimeException e) {
      notes.add("service log not checked: " + e.getMessage());
      return null;
    }
  }
}
