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
 *
 * <p>Each fault counts the lost and duplicated ids acknowledged in its own window ({@link
 * #countedWindow}): from as far before the injection as the messages then in flight go back (the
 * in-flight peak of the 5 s before it, at the offered rate; at least 1 s), until the recovery
 * allowance after the heal (the recovery limit, or the measured recovery if longer). {@link
 * #outside} counts those no fault window holds.
 */
public final class FaultRunAnalysis {

  /** Errors and log lines this long after the heal returned still belong to the fault. */
  static final long ERROR_GRACE_MS = 5_000;

  /** Messages acknowledged this long before an injection count as in flight at it, at least. */
  static final long MIN_LEAD_MS = 1_000;

  /** The in-flight peak of this long before an injection sizes how far back its messages go. */
  static final long LEAD_LOOKBACK_MS = 5_000;

  /**
   * What the run measured besides the faults themselves.
   *
   * @param losses the reconciled lost and duplicated ids, with what the faults destroyed set apart
   *     by id ({@link LossAccounting}); each fault counts those acknowledged in its own window
   */
  public record RunData(
      RecoveryInputs inputs,
      InFlightSeries inFlight,
      LossAccounting losses,
      Map<String, Long> deadLettered,
      Optional<Path> serviceLog) {}

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
    long destroyed = run.losses().destroyedBy(f.id());
    if (destroyed > 0) {
      notes.add(
          destroyed
              + " acknowledged messages were destroyed by the fault itself before the service"
              + " had consumed them (at or beyond its committed offsets; not counted as lost by the"
              + " service)");
    }
    LossAccounting.Window counted = countedWindow(window, outcome, run);
    LossAccounting.Counts own = run.losses().within(counted.fromMs(), counted.untilMs());
    LossAccounting.Counts untimed = run.losses().untimed();
    if (untimed.lost() + untimed.duplicated() > 0) {
      notes.add(
          (untimed.lost() + untimed.duplicated())
              + " lost or duplicated ids have no acknowledgement time: counted in every fault");
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
        FaultVerdict.judge(f.id(), outcome, own.lost(), own.duplicated(), limits);
    FaultEntry.InFlight inFlight = inFlight(run.inFlight(), window);

    List<AssertionResult> more = new ArrayList<>();
    // destroyed ids without an outcome are, by id, among those left in flight at the end
    long unprocessed = Math.max(0, inFlight.atEnd() - run.losses().destroyedWithoutOutcome());
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
        new FaultEntry.Messages(
            own.lost(),
            own.duplicated(),
            run.deadLettered(),
            destroyed,
            counted.fromMs(),
            counted.untilMs() == Long.MAX_VALUE ? null : counted.untilMs()),
        inFlight,
        verdict,
        more,
        logged);
  }

  /**
   * The acknowledgement times whose losses and duplicates are this fault's: see the class comment.
   */
  LossAccounting.Window countedWindow(FaultWindow window, FaultOutcome outcome, RunData run) {
    long peak = 0;
    for (InFlightSeries.InFlightPoint p : run.inFlight().points()) {
      if (p.t() >= window.injectedAt() - LEAD_LOOKBACK_MS && p.t() <= window.injectedAt()) {
        peak = Math.max(peak, p.inFlight());
      }
    }
    Double rate = run.inputs().offeredRate();
    if (rate == null || rate <= 0) {
      rate = outcome.baselineRate();
    }
    long lead = MIN_LEAD_MS;
    if (rate != null && rate > 0) {
      lead = Math.max(lead, Math.round(1000.0 * peak / rate));
    }
    double allowanceSeconds = limits.maxRecoverySeconds();
    if (outcome.recoverySeconds() != null) {
      allowanceSeconds = Math.max(allowanceSeconds, outcome.recoverySeconds());
    }
    long until =
        outcome.recoverySeconds() == null
            ? Long.MAX_VALUE // never recovered: everything after it is still the fault's
            : window.healedAt() + Math.round(allowanceSeconds * 1000);
    return new LossAccounting.Window(window.injectedAt() - lead, until);
  }

  /** Lost (by the service) and duplicated ids acknowledged in no fault's counted window. */
  public static LossAccounting.Counts outside(List<FaultEntry> entries, LossAccounting losses) {
    List<LossAccounting.Window> windows = new ArrayList<>();
    for (FaultEntry e : entries) {
      if (e.messages() != null && e.messages().countedFrom() != null) {
        Long until = e.messages().countedUntil();
        windows.add(
            new LossAccounting.Window(
                e.messages().countedFrom(), until == null ? Long.MAX_VALUE : until));
      }
    }
    return losses.outside(windows);
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
