package io.pipelineperf.gatling;

import io.pipelineperf.analysis.AckOnlyAssertions;
import io.pipelineperf.analysis.AckOnlyThresholds;
import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.LatencySummary;
import io.pipelineperf.analysis.RunAssertions;
import io.pipelineperf.analysis.RunFacts;
import io.pipelineperf.analysis.RunSummary;
import io.pipelineperf.analysis.RunThresholds;
import io.pipelineperf.verify.Ledger;
import io.pipelineperf.verify.Reconciliation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a run's metrics, ledger and reconciliation into its {@link RunSummary}. Latencies, rates
 * and errors cover the measured phase; message counts (and lost/duplicated) cover the whole run.
 * Every measured message is in the e2e distribution: processed ones at their latency, timed-out
 * ones at the time they were given up on (censored; counted in {@code errors.timedOut}).
 */
public final class RunReport {

  private RunReport() {}

  public static RunSummary summarise(
      String simulation,
      String target,
      LoadProfile profile,
      KafkaRuntime runtime,
      Reconciliation reconciliation,
      RunThresholds thresholds) {
    return summarise(
        simulation,
        target,
        profile,
        runtime,
        reconciliation,
        facts -> RunAssertions.evaluate(facts, thresholds));
  }

  /**
   * The summary of a fault run: the same numbers, judged by the given assertions (the faults'
   * verdicts) instead of the load run's latency and throughput limits, which a fault breaks by
   * design.
   */
  public static RunSummary summariseFaultRun(
      String simulation,
      String target,
      LoadProfile profile,
      KafkaRuntime runtime,
      Reconciliation reconciliation,
      List<AssertionResult> assertions) {
    return summarise(simulation, target, profile, runtime, reconciliation, facts -> assertions);
  }

  private static RunSummary summarise(
      String simulation,
      String target,
      LoadProfile profile,
      KafkaRuntime runtime,
      Reconciliation reconciliation,
      Function<RunFacts, List<AssertionResult>> judge) {
    RunMetrics m = runtime.metrics();
    double achieved =
        achievedRate(
            m.processed() + m.deadLettered(),
            profile.measuredSeconds(),
            m.firstOutcomeEpochNanos(),
            m.lastOutcomeEpochNanos());
    boolean deadLettersAreErrors = !runtime.tracker().deadLettersExpected();
    long errors =
        m.sendErrors()
            + m.timedOut()
            + m.unknownStatus()
            + m.duplicateIds()
            + (deadLettersAreErrors ? m.deadLettered() : 0);
    double errorPct = m.sent() == 0 ? 0 : 100.0 * errors / m.sent();
    LatencySummary e2e = LatencySummary.ofMicros(m.e2e());
    RunFacts facts =
        new RunFacts(
            m.processed(),
            e2e.count() == 0 ? null : e2e.p95(),
            errorPct,
            profile.measuredMeanRate(),
            achieved,
            reconciliation.lost(),
            reconciliation.duplicated(),
            LatencySummary.ofMicros(m.e2eThird(0)).p95(),
            LatencySummary.ofMicros(m.e2eThird(2)).p95());
    Ledger ledger = runtime.ledger();
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    latency.put("e2e", e2e);
    latency.put("ack", LatencySummary.ofMicros(m.ack()));
    latency.put("schedulingDelay", LatencySummary.ofMicros(m.schedulingDelay()));
    return new RunSummary(
        simulation,
        profile.name(),
        target,
        new RunSummary.Rate(round(profile.measuredMeanRate()), round(achieved)),
        new RunSummary.Messages(
            ledger.count(Ledger.Mark.SENT),
            ledger.count(Ledger.Mark.ACKED),
            ledger.count(Ledger.Mark.PROCESSED),
            ledger.count(Ledger.Mark.DEAD_LETTERED),
            reconciliation.lost(),
            reconciliation.duplicated()),
        latency,
        new RunSummary.Errors(
            errors,
            round(errorPct),
            m.sendErrors(),
            m.timedOut(),
            m.unknownStatus(),
            m.duplicateIds(),
            m.deadLettered(),
            deadLettersAreErrors),
        judge.apply(facts));
  }

  /**
   * The summary of a run that tracks no outcomes (the load generator's own ceiling): rates and
   * counts are measured-phase acknowledgements, latencies are ack and scheduling delay only, and
   * nothing is reconciled (lost/duplicated are 0 by construction, not by measurement).
   */
  public static RunSummary summariseAckOnly(
      String simulation,
      String target,
      LoadProfile profile,
      KafkaRuntime runtime,
      AckOnlyThresholds thresholds) {
    RunMetrics m = runtime.metrics();
    double achieved =
        achievedRate(
            m.acked(), profile.measuredSeconds(), m.firstAckEpochNanos(), m.lastAckEpochNanos());
    long errors = m.sendErrors();
    double errorPct = m.sent() == 0 ? 0 : 100.0 * errors / m.sent();
    LatencySummary ack = LatencySummary.ofMicros(m.ack());
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    latency.put("ack", ack);
    latency.put("schedulingDelay", LatencySummary.ofMicros(m.schedulingDelay()));
    return new RunSummary(
        simulation,
        profile.name(),
        target,
        new RunSummary.Rate(round(profile.measuredMeanRate()), round(achieved)),
        new RunSummary.Messages(m.sent(), m.acked(), 0, 0, 0, 0),
        latency,
        RunSummary.Errors.ofSendFailures(errors, round(errorPct)),
        AckOnlyAssertions.evaluate(
            ack.p99(), errorPct, profile.measuredMeanRate(), achieved, thresholds));
  }

  /**
   * Measured-phase messages handled per second of the phase, or per second of the time between
   * their first and last outcome when the pipeline needed longer than the phase to get through them
   * (it fell behind). A steady latency does not lower the rate; a growing one does.
   */
  static double achievedRate(
      long handled, double measuredSeconds, long firstOutcomeNanos, long lastOutcomeNanos) {
    double window = measuredSeconds;
    if (firstOutcomeNanos > 0 && lastOutcomeNanos > firstOutcomeNanos) {
      window = Math.max(window, (lastOutcomeNanos - firstOutcomeNanos) / 1e9);
    }
    return handled / window;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
