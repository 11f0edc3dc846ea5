package io.pipelineperf.verify;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pipelineperf.analysis.AssertionResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code summary.json}'s {@code faults} list (serialise with Jackson, e.g. {@code
 * summary.section("faults", entries)}). Times are epoch milliseconds, like {@code t} in {@code
 * timeseries.jsonl}; durations are seconds; a null duration means it never happened in the run.
 *
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
  "baseline",
  "errors",
  "messages",
  "serviceLog",
  "assertions",
  "notes"
})
public record FaultEntry(
    String id,
    long injectedAt,
    long healedAt,
    Double detectSeconds,
    String detectedBy,
    Double recoverySeconds,
    FaultVerdict.Verdict verdict,
    List<String> reasons,
    Baseline baseline,
    Errors errors,
    Messages messages,
    ServiceLogCheck.LoggedFault serviceLog,
    List<AssertionResult> assertions,
    List<String> notes) {

  /** Pre-fault medians and the lag recovery had to get back under. */
  public record Baseline(Double rate, Double lag, Double lagLimit) {}

  /** Errors inside and outside the fault window, and the outside rate in %. */
  public record Errors(long inside, long outside, Double outsideRatePct) {}

  /** Reconciliation: lost and duplicated ids, dead-lettered ones by reason. */
  public record Messages(long lost, long duplicated, Map<String, Long> deadLettered) {
    public Messages {
      deadLettered = new TreeMap<>(deadLettered);
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
    return new FaultEntry(
        id,
        outcome.window().injectedAt(),
        outcome.window().healedAt(),
        outcome.detectSeconds(),
        outcome.detectedBy(),
        outcome.recoverySeconds(),
        verdict.verdict(),
        verdict.reasons(),
        new Baseline(outcome.baselineRate(), outcome.baselineLag(), outcome.lagLimit()),
        new Errors(outcome.errorsInside(), outcome.errorsOutside(), outcome.outsideErrorRatePct()),
        new Messages(lost, duplicated, deadLetteredByReason),
        serviceLog,
        verdict.assertions(),
        outcome.notes());
  }
}
