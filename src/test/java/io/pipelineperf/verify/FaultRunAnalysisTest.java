package io.pipelineperf.verify;

import static io.pipelineperf.verify.SyntheticFaultRun.HEAL_SECOND;
import static io.pipelineperf.verify.SyntheticFaultRun.INJECT_SECOND;
import static io.pipelineperf.verify.SyntheticFaultRun.at;
import static io.pipelineperf.verify.SyntheticFaultRun.lag;
import static io.pipelineperf.verify.SyntheticFaultRun.throughput;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.faults.DeletedInput;
import io.pipelineperf.faults.FaultDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
        LossAccounting.untimed(lost, duplicated),
        Map.of("oversized", 3L),
        Optional.empty());
  }

  private static FaultRunAnalysis.RunData with(
      FaultRunAnalysis.RunData data, LossAccounting losses) {
    return new FaultRunAnalysis.RunData(
        data.inputs(), data.inFlight(), losses, data.deadLettered(), data.serviceLog());
  }

  private static FaultDriver.Injected injectedAt(String id, double second) {
    return new FaultDriver.Injected(
        id, id, id, null, at(second), at(HEAL_SECOND), at(HEAL_SECOND + 2), null);
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

  /**
   * Partition 0 held offsets 0..99 when the topic was deleted, acknowledged one every 5 ms in the
   * second before the injection; the service had committed up to 60. Offsets 60..99 went with the
   * topic.
   */
  private static final long COMMITTED = 60;

  private static Ledger topicLedger(MessageIds ids, List<String> byOffset) {
    Ledger ledger = new Ledger(ids);
    for (int offset = 0; offset < 100; offset++) {
      String id = ids.next();
      byOffset.add(id);
      ledger.mark(id, Ledger.Mark.SENT);
      ledger.acked(id, 0, offset, at(INJECT_SECOND - 1 + offset / 200.0));
    }
    return ledger;
  }

  private static DeletedInput deletion() {
    return new DeletedInput(
            "topic-missing",
            "pipeline.messages",
            "pipeline-service",
            Map.of(0, COMMITTED),
            true,
            at(INJECT_SECOND),
            null)
        .recreated(at(HEAL_SECOND));
  }

  @Test
  void messagesTheDeletedTopicTookAreTheFaultsAndNotTheServicesLoss() {
    List<String> byOffset = new ArrayList<>();
    Ledger ledger = topicLedger(MessageIds.forRun(), byOffset);
    for (int offset = (int) COMMITTED; offset < 100; offset++) {
      ledger.mark(byOffset.get(offset), Ledger.Mark.LOST);
    }
    LossAccounting losses = LossAccounting.of(ledger, List.of(deletion()));

    FaultEntry e =
        analysis
            .analyse(List.of(injected("topic-missing", null)), with(run(0, 0, 40), losses))
            .get(0);

    assertThat(losses.lostTotal()).isEqualTo(40);
    assertThat(losses.destroyedWithoutOutcome()).isEqualTo(40);
    assertThat(e.verdict()).as(e.reasons().toString()).isEqualTo(FaultVerdict.Verdict.PASS);
    assertThat(e.messages().lost()).isZero();
    assertThat(e.messages().destroyedByFault()).isEqualTo(40);
    assertThat(e.notes()).anyMatch(n -> n.contains("40 acknowledged messages were destroyed"));
  }

  @Test
  void theDeletedTopicDoesNotExcuseWhatTheServiceHadConsumedOrGotAfterwards() {
    List<String> byOffset = new ArrayList<>();
    MessageIds ids = MessageIds.forRun();
    Ledger ledger = topicLedger(ids, byOffset);
    // the topic took 60..99, but 55 of them had been written (consumed, not yet committed)
    for (int offset = (int) COMMITTED; offset < 100; offset++) {
      if (offset != 65) {
        ledger.mark(byOffset.get(offset), Ledger.Mark.LOST);
      }
    }
    // planted service losses: two consumed and committed before the deletion...
    ledger.mark(byOffset.get(10), Ledger.Mark.LOST);
    ledger.mark(byOffset.get(59), Ledger.Mark.LOST);
    // ...and one acknowledged into the recreated topic (offset 70 there, acked after the heal)
    String afterHeal = ids.next();
    ledger.acked(afterHeal, 0, 70, at(HEAL_SECOND + 3));
    ledger.mark(afterHeal, Ledger.Mark.LOST);
    LossAccounting losses = LossAccounting.of(ledger, List.of(deletion()));

    FaultEntry e =
        analysis
            .analyse(List.of(injected("topic-missing", null)), with(run(0, 0, 42), losses))
            .get(0);

    assertThat(losses.lostTotal()).isEqualTo(42);
    assertThat(losses.destroyed()).isEqualTo(39);
    assertThat(losses.lostByService()).isEqualTo(3);
    assertThat(e.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
    assertThat(e.messages().lost()).isEqualTo(3);
    assertThat(e.messages().destroyedByFault()).isEqualTo(39);
    assertThat(e.reasons()).anyMatch(r -> r.contains("lost messages <= 0 failed (actual 3)"));
  }

  @Test
  void unreadableOffsetsExcuseNothing() {
    List<String> byOffset = new ArrayList<>();
    Ledger ledger = topicLedger(MessageIds.forRun(), byOffset);
    byOffset.subList(90, 100).forEach(id -> ledger.mark(id, Ledger.Mark.LOST));
    DeletedInput unknown =
        new DeletedInput(
            "topic-missing", "t", "g", Map.of(), false, at(INJECT_SECOND), at(HEAL_SECOND));

    LossAccounting losses = LossAccounting.of(ledger, List.of(unknown));

    assertThat(losses.destroyed()).isZero();
    assertThat(losses.lostByService()).isEqualTo(10);
  }

  @Test
  void eachFaultOfAComposedRunCountsTheLossesOfItsOwnWindow() {
    MessageIds ids = MessageIds.forRun();
    Ledger ledger = new Ledger(ids);
    // lost: one acked long before any fault, two while only the first fault was in,
    // one while both were; duplicated: one while both were; lost: one after every window
    double[] lostAt = {5, 21.5, 22.5, 27, SyntheticFaultRun.SECONDS + 40};
    for (double second : lostAt) {
      String id = ids.next();
      ledger.acked(id, 0, -1, at(second));
      ledger.mark(id, Ledger.Mark.LOST);
    }
    String dup = ids.next();
    ledger.acked(dup, 1, 5, at(28));
    ledger.mark(dup, Ledger.Mark.DUPLICATED);
    LossAccounting losses = LossAccounting.of(ledger, List.of());

    List<FaultEntry> entries =
        analysis.analyse(
            List.of(injectedAt("db-slow", INJECT_SECOND), injectedAt("service-crash", 25)),
            with(run(0, 0, 0), losses));
    LossAccounting.Counts outside = FaultRunAnalysis.outside(entries, losses);

    FaultEntry first = entries.get(0);
    FaultEntry second = entries.get(1);
    // the lead before each injection is at least 1 s; the allowance after the heal 30 s
    assertThat(first.messages().countedFrom()).isEqualTo(at(INJECT_SECOND - 1));
    assertThat(first.messages().countedUntil()).isEqualTo(at(HEAL_SECOND + 30));
    assertThat(first.messages().lost()).isEqualTo(3);
    assertThat(first.messages().duplicated()).isEqualTo(1);
    assertThat(second.messages().lost()).isEqualTo(1);
    assertThat(second.messages().duplicated()).isEqualTo(1);
    assertThat(outside).isEqualTo(new LossAccounting.Counts(2, 0));
  }

  @Test
  void theMessagesInFlightAtTheInjectionCountAsItsOwn() {
    // 2000 in flight at the injection at 1000 msg/s: its messages go back 2 s
    InFlightSeries inFlight = new InFlightSeries();
    for (int i = 0; i < 2000; i++) {
      inFlight.acked(at(INJECT_SECOND - 3 + i / 1000.0));
    }
    FaultRunAnalysis.RunData base = run(0, 0, 0);
    FaultRunAnalysis.RunData data =
        new FaultRunAnalysis.RunData(
            base.inputs().withOfferedRate(1000),
            inFlight,
            LossAccounting.none(),
            Map.of(),
            Optional.empty());

    FaultEntry e = analysis.analyse(List.of(injected("service-crash", null)), data).get(0);

    assertThat(e.messages().countedFrom()).isEqualTo(at(INJECT_SECOND - 2));
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
            data.inputs(), data.inFlight(), data.losses(), data.deadLettered(), Optional.of(log));

    FaultEntry e = analysis.analyse(List.of(injected("db-down", null)), data).get(0);

    assertThat(e.serviceLog().logged()).isTrue();
    assertThat(e.serviceLog().errorClass()).isEqualTo("transient");
  }
}
