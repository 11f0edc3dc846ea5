package io.pipelineperf.verify;

import static io.pipelineperf.verify.SyntheticFaultRun.HEAL_SECOND;
import static io.pipelineperf.verify.SyntheticFaultRun.INJECT_SECOND;
import static io.pipelineperf.verify.SyntheticFaultRun.at;
import static io.pipelineperf.verify.SyntheticFaultRun.lag;
import static io.pipelineperf.verify.SyntheticFaultRun.throughput;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.faults.FaultDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultRunAnalysisTest {

  private final FaultRunAnalysis analysis =
      new FaultRunAnalysis(FaultThresholds.defaults(), ZoneOffset.UTC);

  private static FaultDriver.Injected injected(String id, String error) {
    return new FaultDriver.Injected(
        id,
        id + " description",
        id + " handled",
        null,
        at(INJECT_SECOND),
        at(HEAL_SECOND),
        at(HEAL_SECOND + 2),
        error);
  }

  /** 1 message acked per ms before, during (none processed) and after the fault. */
  private static InFlightSeries inFlight(long leftAtEnd) {
    InFlightSeries series = new InFlightSeries();
    for (int s = 0; s < SyntheticFaultRun.SECONDS; s++) {
      for (int i = 0; i < 10; i++) {
        series.acked(at(s + i / 10.0));
      }
    }
    long total = 10L * SyntheticFaultRun.SECONDS - leftAtEnd;
    for (int s = 0, done = 0; done < total; s++) {
      boolean faulty = s >= INJECT_SECOND && s < HEAL_SECOND;
      int n = faulty ? 0 : s < HEAL_SECOND ? 10 : 50;
      for (int i = 0; i < n && done < total; i++, done++) {
        series.completed(at(s + 0.95));
      }
    }
    return series;
  }

  private static FaultRunAnalysis.RunData run(long lost, long duplicated, long leftAtEnd) {
    RecoveryInputs inputs =
        RecoveryInputs.of(
                throughput(SyntheticFaultRun::dipRate, Set.of()),
                lag(SyntheticFaultRun::dipLag, Set.of()))
            .withErrors(List.of(at(INJECT_SECOND + 1), at(HEAL_SECOND + 1)));
    return new FaultRunAnalysis.RunData(
        inputs,
        inFlight(leftAtEnd),
        lost,
        duplicated,
        0,
        Map.of("oversized", 3L),
        Optional.empty());
  }

  @Test
  void aHandledFaultPassesWithItsMeasurements() {
    FaultEntry e = analysis.analyse(List.of(injected("db-down", null)), run(0, 0, 0)).get(0);

    assertThat(e.verdict()).isEqualTo(FaultVerdict.Verdict.PASS);
    assertThat(e.reasons()).isEmpty();
    assertThat(e.recoverySeconds()).isEqualTo(2.5);
    assertThat(e.detectedBy()).isEqualTo("error");
    assertThat(e.healSeconds()).isEqualTo(2.0);
    assertThat(e.description()).isEqualTo("db-down description");
    // the error 1 s after the heal lies within heal duration + grace: inside the fault
    assertThat(e.errors().inside()).isEqualTo(2);
    assertThat(e.errors().outside()).isZero();
    assertThat(e.messages().deadLettered()).containsEntry("oversized", 3L);
    assertThat(e.inFlight().peakDuring()).isGreaterThan(e.inFlight().peakBefore());
    assertThat(e.inFlight().backSecondsAfterHeal()).isNotNull();
    assertThat(e.inFlight().atEnd()).isZero();
    assertThat(e.assertions()).extracting(AssertionResult::passed).containsOnly(true);
    assertThat(e.notes()).anyMatch(n -> n.contains("service log not checked"));
  }

  @Test
  void lossOrDuplicatesFailTheFault() {
    FaultEntry lost =
        analysis.analyse(List.of(injected("service-crash", null)), run(4, 0, 4)).get(0);
    FaultEntry dup = analysis.analyse(List.of(injected("broker-down", null)), run(0, 7, 0)).get(0);

    assertThat(lost.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
    assertThat(lost.reasons())
        .anyMatch(r -> r.contains("lost messages <= 0 failed (actual 4)"))
        .anyMatch(r -> r.contains("acknowledged but not processed at the end = 0"));
    assertThat(dup.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
    assertThat(dup.reasons())
        .anyMatch(r -> r.contains("duplicated messages <= 0 failed (actual 7)"));
  }

  @Test
  void messagesTheFaultDestroyedAreCountedApartFromTheServicesLoss() {
    FaultRunAnalysis.RunData data = run(81, 0, 81);
    FaultRunAnalysis.RunData destroyed =
        new FaultRunAnalysis.RunData(
            data.inputs(), data.inFlight(), 81, 0, 81, data.deadLettered(), Optional.empty());
    FaultRunAnalysis.RunData worse =
        new FaultRunAnalysis.RunData(
            data.inputs(), data.inFlight(), 81, 0, 80, data.deadLettered(), Optional.empty());

    FaultEntry e = analysis.analyse(List.of(injected("topic-missing", null)), destroyed).get(0);
    FaultEntry f = analysis.analyse(List.of(injected("topic-missing", null)), worse).get(0);

    assertThat(e.verdict()).isEqualTo(FaultVerdict.Verdict.PASS);
    assertThat(e.messages().lost()).isZero();
    assertThat(e.messages().destroyedByFault()).isEqualTo(81);
    assertThat(e.notes()).anyMatch(n -> n.contains("81 acknowledged messages were destroyed"));
    assertThat(f.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
    assertThat(f.messages().lost()).isEqualTo(1);
  }

  @Test
  void aFaultThatFailedToInjectCannotPass() {
    FaultEntry e =
        analysis
            .analyse(List.of(injected("db-down", "inject failed: no postgres")), run(0, 0, 0))
            .get(0);

    assertThat(e.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
    assertThat(e.reasons()).anyMatch(r -> r.contains("inject failed: no postgres"));
  }

  @Test
  void aSkippedFaultHasItsReasonAndNoAssertions() {
    FaultDriver.Injected skipped =
        new FaultDriver.Injected(
            "disk-full", "d", "h", "tmpfs cannot be mounted", null, null, null, null);
    FaultDriver.Injected neverDue =
        new FaultDriver.Injected("db-down", "d", "h", null, null, null, null, null);

    List<FaultEntry> entries = analysis.analyse(List.of(skipped, neverDue), run(0, 0, 0));

    assertThat(entries).extracting(FaultEntry::verdict).containsOnly(FaultVerdict.Verdict.SKIPPED);
    assertThat(entries.get(0).skipReason()).isEqualTo("tmpfs cannot be mounted");
    assertThat(entries.get(1).skipReason()).contains("before the fault was due");
    assertThat(entries).allMatch(e -> e.assertions().isEmpty());
  }

  @Test
  void theServiceLogIsCheckedInTheWindow(@TempDir Path dir) throws Exception {
    String time =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC)
            .format(java.time.Instant.ofEpochMilli(at(INJECT_SECOND + 1)));
    Path log = dir.resolve("service.log");
    Files.writeString(
        log,
        time
            + " WARN  [consumer-0] io.pipelineperf.service.ConsumerWorker - consumer-0: writing a"
            + " batch of 5 failed (transient, SQLSTATE 08001: refused); retry 1 in 100 ms with"
            + " partitions paused: check PostgreSQL is up\n");
    FaultRunAnalysis.RunData data = run(0, 0, 0);
    data =
        new FaultRunAnalysis.RunData(
            data.inputs(), data.inFlight(), 0, 0, 0, data.deadLettered(), Optional.of(log));

    FaultEntry e = analysis.analyse(List.of(injected("db-down", null)), data).get(0);

    assertThat(e.serviceLog().logged()).isTrue();
    assertThat(e.serviceLog().errorClass()).isEqualTo("transient");
  }
}
