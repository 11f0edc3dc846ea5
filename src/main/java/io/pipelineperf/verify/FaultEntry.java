package io.pipelineperf.verify;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pipelineperf.analysis.AssertionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code summary.json}'s {@code faults} list (serialise with Jackson, e.g. {@code
 * summary.section("faults", entries)}). Times are epoch milliseconds, like {@code t} in {@code
 * timeseries.jsonl}; durations are seconds; a null duration means it never happened in the run.
 *
 * @param verdict PASS or FAIL; SKIPPED (with {@code skipReason}) when this machine or target cannot
 *     inject the fault, in which case the measurements are null
 * @param healSeconds how long the heal itself took (a restart waits for readiness); recovery counts
 *     from the start of the heal, so it includes this
 * @param inFlight acknowledged-but-not-yet-processed messages around the fault
 * @param deadLettered dead-lettered messages by reason code ({@code dlq.reason.code}); these are
 *     accounted for, neither lost nor processed
 * @param serviceLog what the service logged in the window; null when not checked
 */
@JsonPropertyOrder({
  "id",
  "injectedAt",
  "healedAt",
  "detectSeconds",
  "detectedBy",
  "recoverySeconds",
  "verdict",
  "reasons",
  "skipReason",
  "description",
  "handledMeans",
  "healSeconds",
  "baseline",
  "errors",
  "messages",
  "inFlight",
  "serviceLog",
  "assertions",
  "notes"
})
public record FaultEntry(
    String id,
    Long injectedAt,
    Long healedAt,
    Double detectSeconds,
    String detectedBy,
    Double recoverySeconds,
    FaultVerdict.Verdict verdict,
    List<String> reasons,
    String skipReason,
    String description,
    String handledMeans,
    Double healSeconds,
    Baseline baseline,
    Errors errors,
    Messages messages,
    InFlight inFlight,
    ServiceLogCheck.LoggedFault serviceLog,
    List<AssertionResult> assertions,
    List<String> notes) {

  public FaultEntry {
    reasons = List.copyOf(reasons);
    assertions = List.copyOf(assertions);
    notes = List.copyOf(notes);
  }

  /** Pre-fault medians and the lag recovery had to get back under. */
  public record Baseline(Double rate, Double lag, Double lagLimit) {}

  /** Errors inside and outside the fault window, and the outside rate in %. */
  public record Errors(long inside, long outside, Double outsideRatePct) {}

  /**
   * Reconciliation, for this fault: ids lost by the service and ids duplicated among the messages
   * acknowledged from {@code countedFrom} to {@code countedUntil} (epoch ms: the messages in flight
   * when the fault came, until the recovery allowance after its heal; {@code countedUntil} null: it
   * never recovered, so until the run's end), dead-lettered ones by reason (the whole run), and the
   * lost ids this fault itself provably destroyed (a deleted topic's unconsumed data): not written,
   * but not the service's loss.
   */
  public record Messages(
      long lost,
      long duplicated,
      Map<String, Long> deadLettered,
      long destroyedByFault,
      Long countedFrom,
      Long countedUntil) {
    public Messages {
      deadLettered = new TreeMap<>(deadLettered);
    }

    /** The whole run's counts, not placed in time. */
    public static Messages ofRun(
        long lost, long duplicated, Map<String, Long> deadLettered, long destroyedByFault) {
      return new Messages(lost, duplicated, deadLettered, destroyedByFault, null, null);
    }
  }

  /**
   * Acknowledged but not yet processed: the largest count before the fault and inside it, how long
   * after the heal it was back at the pre-fault level (null: never), and what was left when the run
   * ended (0 when every acknowledged message got its outcome).
   */
  public record InFlight(
      long peakBefore, long peakDuring, Double backSecondsAfterHeal, long atEnd) {}

  /** What the fault is and what handling it means, as the catalogue describes it. */
  public record About(String description, String handledMeans, Double healSeconds) {
    public static About none() {
      return new About(null, null, null);
    }
  }

  public static FaultEntry of(
      String id,
      FaultOutcome outcome,
      long lost,
      long duplicated,
      Map<String, Long> deadLetteredByReason,
      FaultVerdict verdict,
      ServiceLogCheck.LoggedFault serviceLog) {
    return of(
        id,
        About.none(),
        outcome,
        Messages.ofRun(lost, duplicated, deadLetteredByReason, 0),
        null,
        verdict,
        List.of(),
        serviceLog);
  }

  /**
   * An injected fault's entry; {@code moreAssertions} (e.g. the in-flight check) join the verdict's
   * and, when one fails, turn a PASS into a FAIL.
   */
  public static FaultEntry of(
      String id,
      About about,
      FaultOutcome outcome,
      Messages messages,
      InFlight inFlight,
      FaultVerdict verdict,
      List<AssertionResult> moreAssertions,
      ServiceLogCheck.LoggedFault serviceLog) {
    List<AssertionResult> assertions = new ArrayList<>(verdict.assertions());
    assertions.addAll(moreAssertions);
    List<String> reasons = new ArrayList<>(verdict.reasons());
    for (AssertionResult extra : moreAssertions) {
      if (!extra.passed()) {
        reasons.add(extra.description() + " failed (actual " + extra.actual() + ")");
      }
    }
    return new FaultEntry(
        id,
        outcome.window().injectedAt(),
        outcome.window().healedAt(),
        outcome.detectSeconds(),
        outcome.detectedBy(),
        outcome.recoverySeconds(),
        reasons.isEmpty() ? FaultVerdict.Verdict.PASS : FaultVerdict.Verdict.FAIL,
        reasons,
        null,
        about.description(),
        about.handledMeans(),
        about.healSeconds(),
        new Baseline(outcome.baselineRate(), outcome.baselineLag(), outcome.lagLimit()),
        new Errors(outcome.errorsInside(), outcome.errorsOutside(), outcome.outsideErrorRatePct()),
        messages,
        inFlight,
        serviceLog,
        assertions,
        outcome.notes());
  }

  /** A fault this machine or target cannot inject: no measurements, no assertions. */
  public static FaultEntry skipped(String id, About about, String reason) {
    return new FaultEntry(
        id,
        null,
        null,
        null,
        null,
        null,
        FaultVerdict.Verdict.SKIPPED,
        List.of(),
        reason,
        about.description(),
        about.handledMeans(),
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of());
  }
}
