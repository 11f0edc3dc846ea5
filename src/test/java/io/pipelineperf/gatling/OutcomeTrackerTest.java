package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.verify.Ledger;
import io.pipelineperf.verify.Ledger.Mark;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeTrackerTest {

  record Logged(String name, long start, long end, boolean ok, String message) {}

  private final Ledger ledger = new Ledger();
  private final RunMetrics metrics = new RunMetrics();
  private final List<Logged> logged = new CopyOnWriteArrayList<>();
  private final OutcomeTracker tracker = new OutcomeTracker(ledger, metrics, Duration.ofSeconds(1));

  {
    tracker.responseLog(
        (scenario, groups, name, start, end, ok, message) ->
            logged.add(new Logged(name, start, end, ok, message)));
  }

  @AfterEach
  void close() {
    tracker.close();
  }

  private Pending register(long dueAgoMillis, Phase phase) {
    long due = EpochNanos.now() - dueAgoMillis * 1_000_000L;
    Pending p =
        new Pending(UUID.randomUUID().toString(), "send", new Slot(due, phase, 0), "s", List.of());
    tracker.register(p);
    tracker.acked(p.id, p.slot, 1_000_000);
    return p;
  }

  @Test
  void e2eRunsFromTheDueTimeToTheOutcome() {
    Pending p = register(40, Phase.MEASURED);
    AtomicInteger resumed = new AtomicInteger();
    tracker.await(p.id, ok -> resumed.incrementAndGet());

    long seen = EpochNanos.now();
    tracker.onOutcome(new Outcome(p.id, "processed", null, null), seen);

    assertThat(logged).hasSize(1);
    Logged e2e = logged.get(0);
    assertThat(e2e.name()).isEqualTo("send e2e");
    assertThat(e2e.ok()).isTrue();
    assertThat(e2e.end() - e2e.start()).isBetween(39L, 1000L);
    assertThat(metrics.e2e().getMaxValue()).isGreaterThanOrEqualTo(39_000);
    assertThat(ledger.has(p.id, Mark.PROCESSED)).isTrue();
    assertThat(resumed).hasValue(1);
    assertThat(tracker.outstanding()).isZero();
  }

  @Test
  void theTimelineCountsWhatIsAcknowledgedButNotYetProcessedAndStampsErrorsAtTheirDueTime() {
    Pending done = register(5, Phase.MEASURED);
    Pending repeated = register(5, Phase.MEASURED);
    Pending open = register(5, Phase.MEASURED);
    tracker.onOutcome(new Outcome(done.id, "processed", null, null), EpochNanos.now());
    tracker.onOutcome(
        new Outcome(repeated.id, "dead-lettered", "oversized", null), EpochNanos.now());
    tracker.onOutcome(new Outcome(repeated.id, "duplicate", null, null), EpochNanos.now());

    DeliveryTimeline timeline = tracker.timeline();
    assertThat(timeline.inFlight().finalInFlight()).as("only the open one").isEqualTo(1);

    long due = EpochNanos.now() - 3_000_000_000L;
    Pending late = new Pending("late", "send", new Slot(due, Phase.MEASURED, 0), "s", List.of());
    tracker.register(late);
    tracker.reapExpired(EpochNanos.now());
    Pending warm = new Pending("warm", "send", new Slot(due, Phase.WARMUP, 0), "s", List.of());
    tracker.register(warm);
    tracker.sendFailed("warm", warm.slot);

    assertThat(timeline.errorTimes())
        .as("the measured-phase timeout, at its due time; not the warm-up failure")
        .containsExactly(EpochNanos.toMillis(due));
    assertThat(open.id).isNotNull();
  }

  @Test
  void anOutcomeSeenBeforeItsAcknowledgementStillEndsItsTimeInFlight() {
    long due = EpochNanos.now();
    Pending p = new Pending("early", "send", new Slot(due, Phase.MEASURED, 0), "s", List.of());
    tracker.register(p);
    tracker.onOutcome(new Outcome(p.id, "processed", null, null), EpochNanos.now());
    tracker.acked(p.id, p.slot, 1_000_000);

    assertThat(tracker.timeline().inFlight().finalInFlight()).isZero();
  }

  @Test
  void warmUpOutcomesHaveTheirOwnNameAndStayOutOfTheMetrics() {
    Pending p = register(5, Phase.WARMUP);

    tracker.onOutcome(new Outcome(p.id, "processed", null, null), EpochNanos.now());

    assertThat(logged.get(0).name()).isEqualTo("warmup send e2e");
    assertThat(metrics.e2e().getTotalCount()).isZero();
  }

  @Test
  void aTimedOutMessageEntersTheE2eDistributionAtItsTimeoutAndCountsOnce() {
    Pending p = register(3_000, Phase.MEASURED);

    tracker.reapExpired(EpochNanos.now());
    tracker.sendFailed(p.id, p.slot); // the producer gives up later still: not a second error

    assertThat(metrics.timedOut()).isEqualTo(1);
    assertThat(metrics.sendErrors()).isZero();
    assertThat(metrics.e2e().getTotalCount()).as("censored, but counted").isEqualTo(1);
    assertThat(metrics.e2e().getMinValue()).isGreaterThanOrEqualTo(2_990_000);
    assertThat(logged).singleElement().satisfies(l -> assertThat(l.ok()).isFalse());
  }

  @Test
  void timeoutsShowInTheTailPercentiles() {
    Pending first = register(3_000, Phase.MEASURED);
    Pending second = register(3_000, Phase.MEASURED);
    tracker.reapExpired(EpochNanos.now());
    for (int i = 0; i < 98; i++) {
      Pending fast = register(2, Phase.MEASURED);
      tracker.onOutcome(new Outcome(fast.id, "processed", null, null), EpochNanos.now());
    }

    assertThat(first.id).isNotEqualTo(second.id);
    assertThat(metrics.e2e().getValueAtPercentile(50)).isLessThan(1_000_000);
    assertThat(metrics.e2e().getValueAtPercentile(99))
        .as("2 of 100 timed out: p99 is at least the timeout")
        .isGreaterThanOrEqualTo(2_990_000);
  }

  @Test
  void theAwaitingUserLearnsWhetherItsMessageEndedWell() {
    Pending processed = register(5, Phase.MEASURED);
    Pending unexpected = register(5, Phase.MEASURED);
    Pending notSent = register(5, Phase.MEASURED);
    Pending timedOut = register(0, Phase.MEASURED);
    List<String> ends = new CopyOnWriteArrayList<>();
    for (Pending p : List.of(processed, unexpected, notSent, timedOut)) {
      tracker.await(p.id, ok -> ends.add(p.id + "=" + ok));
    }

    tracker.onOutcome(new Outcome(processed.id, "processed", null, null), EpochNanos.now());
    tracker.onOutcome(
        new Outcome(unexpected.id, "dead-lettered", "oversized", null), EpochNanos.now());
    tracker.sendFailed(notSent.id, notSent.slot);
    await().atMost(Duration.ofSeconds(10)).until(() -> ends.size() == 4);

    assertThat(ends)
        .containsExactly(
            processed.id + "=true",
            unexpected.id + "=false",
            notSent.id + "=false",
            timedOut.id + "=false");
  }

  @Test
  void awaitingAMessageAlreadyEndedResumesAtOnceWithItsFate() {
    Pending processed = register(5, Phase.MEASURED);
    Pending notSent = register(5, Phase.MEASURED);
    tracker.onOutcome(new Outcome(processed.id, "processed", null, null), EpochNanos.now());
    tracker.sendFailed(notSent.id, notSent.slot);
    List<Boolean> fates = new CopyOnWriteArrayList<>();

    tracker.await(processed.id, fates::add);
    tracker.await(notSent.id, fates::add);

    assertThat(fates).containsExactly(true, false);
  }

  @Test
  void anExpectedDeadLetterEndsWell() {
    tracker.expectDeadLetters(true);
    Pending p = register(5, Phase.MEASURED);
    List<Boolean> fates = new CopyOnWriteArrayList<>();
    tracker.await(p.id, fates::add);

    tracker.onOutcome(new Outcome(p.id, "dead-lettered", "oversized", null), EpochNanos.now());

    assertThat(fates).containsExactly(true);
  }

  @Test
  void aSecondMessageWithAnIdStillInFlightIsRefusedAndTheFirstStillCompletes() {
    Pending first = register(5, Phase.MEASURED);
    AtomicInteger resumed = new AtomicInteger();
    tracker.await(first.id, ok -> resumed.incrementAndGet());

    Pending second =
        new Pending(
            first.id, "send", new Slot(EpochNanos.now(), Phase.MEASURED, 1), "s", List.of());
    assertThat(tracker.register(second)).isFalse();
    tracker.onOutcome(new Outcome(first.id, "processed", null, null), EpochNanos.now());

    assertThat(resumed).as("the first user is not left hung").hasValue(1);
    assertThat(metrics.duplicateIds()).isEqualTo(1);
    assertThat(metrics.processed()).isEqualTo(1);
  }

  @Test
  void anUnknownOutcomeStatusIsAnErrorThatNamesTheStatus() {
    Pending p = register(5, Phase.MEASURED);

    tracker.onOutcome(new Outcome(p.id, "written-maybe", null, null), EpochNanos.now());

    assertThat(metrics.unknownStatus()).isEqualTo(1);
    assertThat(metrics.processed()).isZero();
    assertThat(ledger.has(p.id, Mark.PROCESSED)).isFalse();
    assertThat(logged)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.ok()).isFalse();
              assertThat(l.message()).contains("'written-maybe'");
            });
  }

  @Test
  void aDeadLetterIsAnErrorUnlessTheRunExpectsDeadLetters() {
    Pending unexpected = register(5, Phase.MEASURED);
    tracker.onOutcome(
        new Outcome(unexpected.id, "dead-lettered", "oversized", null), EpochNanos.now());
    tracker.expectDeadLetters(true);
    Pending expected = register(5, Phase.MEASURED);
    tracker.onOutcome(
        new Outcome(expected.id, "dead-lettered", "oversized", null), EpochNanos.now());

    assertThat(logged).extracting(Logged::ok).containsExactly(false, true);
    assertThat(logged.get(0).message()).contains("oversized");
  }

  @Test
  void aWarmUpMessageSentOutsideGatlingIsTrackedButNotLogged() {
    long due = EpochNanos.now();
    Pending p =
        new Pending("outside", "warmup send", new Slot(due, Phase.WARMUP, -1), null, List.of());
    tracker.register(p);
    tracker.onOutcome(new Outcome(p.id, "processed", null, null), EpochNanos.now());

    assertThat(logged).isEmpty();
    assertThat(ledger.has(p.id, Mark.PROCESSED)).isTrue();
  }

  @Test
  void deadLetteredIsCountedAsSuchNotAsProcessed() {
    Pending p = register(5, Phase.MEASURED);

    tracker.onOutcome(new Outcome(p.id, "dead-lettered", "business-rule", null), EpochNanos.now());

    assertThat(logged).extracting(Logged::name).containsExactly("send dead-lettered");
    assertThat(ledger.has(p.id, Mark.DEAD_LETTERED)).isTrue();
    assertThat(ledger.has(p.id, Mark.PROCESSED)).isFalse();
    assertThat(metrics.deadLettered()).isEqualTo(1);
    assertThat(metrics.processed()).isZero();
  }

  @Test
  void noOutcomeWithinTheTimeoutFailsAndTheIdStaysInTheLedger() {
    Pending p = register(0, Phase.MEASURED);
    AtomicInteger resumed = new AtomicInteger();
    tracker.await(p.id, ok -> resumed.incrementAndGet());

    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.get() == 1);

    Logged ko = logged.get(0);
    assertThat(ko.name()).isEqualTo("send e2e");
    assertThat(ko.ok()).isFalse();
    assertThat(ko.message()).isEqualTo("not processed within 1 s");
    assertThat(ledger.has(p.id, Mark.ACKED)).isTrue();
    assertThat(ledger.has(p.id, Mark.TIMED_OUT)).isTrue();
    assertThat(metrics.timedOut()).isEqualTo(1);
  }

  @Test
  void aLateOutcomeIsNotLostAndARepeatIsCounted() {
    Pending p = register(5_000, Phase.MEASURED);
    tracker.reapExpired(EpochNanos.now());

    tracker.onOutcome(new Outcome(p.id, "processed", null, null), EpochNanos.now());
    tracker.onOutcome(new Outcome(p.id, "duplicate", null, null), EpochNanos.now());

    assertThat(ledger.has(p.id, Mark.PROCESSED)).isTrue();
    assertThat(ledger.has(p.id, Mark.DUPLICATE_OUTCOME)).isTrue();
    assertThat(logged).hasSize(1); // only the timeout
  }

  @Test
  void outcomesOfOtherRunsAreIgnored() {
    tracker.onOutcome(new Outcome(UUID.randomUUID().toString(), "processed", null, null), 1);

    assertThat(logged).isEmpty();
    assertThat(ledger.size()).isZero();
  }

  @Test
  void drainFailsWhatIsStillOutstanding() throws Exception {
    register(0, Phase.MEASURED);

    assertThat(tracker.drain(Duration.ofMillis(50))).isEqualTo(1);
    assertThat(tracker.outstanding()).isZero();
  }
}
