package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatling.core.session.Session;
import io.gatling.core.session.Session$;
import io.pipelineperf.gatling.LoadProfile.Kind;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntendedTimesTest {

  private static final AtomicLong USER_IDS = new AtomicLong();

  /** A user of {@code scenario} starting now, as Gatling's protocol hook sees it. */
  private static Session start(IntendedTimes times, String scenario) {
    return times.onUserStart(Session$.MODULE$.apply(scenario, USER_IDS.incrementAndGet(), null));
  }

  private static LoadProfile tenPerSecond() {
    return LoadProfile.of(Kind.LOW, 10, 0, 0, 60);
  }

  @Test
  void dueTimesFollowTheScheduleNotTheCaller() throws Exception {
    IntendedTimes times = IntendedTimes.of(tenPerSecond());

    Slot first = times.slot(start(times, "load"));
    Thread.sleep(300); // the injector stalls: the second user (due at +100 ms) starts late
    Slot second = times.slot(start(times, "load"));

    assertThat(second.intendedEpochNanos() - first.intendedEpochNanos()).isEqualTo(100_000_000L);
    assertThat(EpochNanos.now() - second.intendedEpochNanos()).isGreaterThan(150_000_000L);
  }

  @Test
  void theIndexIsTakenWhenTheUserStartsNotWhenItSends() {
    IntendedTimes times = IntendedTimes.of(tenPerSecond());

    Session early = start(times, "load");
    Session later = start(times, "load");
    Slot laterSlot = times.slot(later); // the second user sends first
    Slot earlySlot = times.slot(early);

    assertThat(laterSlot.intendedEpochNanos() - earlySlot.intendedEpochNanos())
        .isEqualTo(100_000_000L);
  }

  @Test
  void eachScenarioHasItsOwnIndexWhateverTheUserIds() throws Exception {
    IntendedTimes times =
        IntendedTimes.of(tenPerSecond(), Map.of("other", LoadProfile.of(Kind.LOW, 1, 0, 0, 60)));

    Slot a0 = times.slot(start(times, "load"));
    for (int i = 0; i < 5; i++) {
      times.slot(start(times, "other")); // user ids 2..6 go to another scenario
    }
    Thread.sleep(150); // the second user (due at +100 ms) starts late: the anchor stays
    Slot a1 = times.slot(start(times, "load"));

    assertThat(a1.intendedEpochNanos() - a0.intendedEpochNanos()).isEqualTo(100_000_000L);
  }

  @Test
  void laterSendsOfAUserAreDueWhenTheyRunInTheUsersPhase() throws Exception {
    IntendedTimes times = IntendedTimes.of(LoadProfile.of(Kind.LOW, 10, 1, 0, 3));
    Session user = start(times, "load");

    Slot first = times.slot(user);
    Thread.sleep(50);
    long before = EpochNanos.now();
    Slot second = times.slot(user);
    Slot again = times.slot(user);

    assertThat(first.phase()).isEqualTo(Phase.WARMUP);
    assertThat(second.intendedEpochNanos()).isGreaterThanOrEqualTo(before);
    assertThat(second.phase()).isEqualTo(Phase.WARMUP);
    assertThat(again.intendedEpochNanos()).isGreaterThanOrEqualTo(second.intendedEpochNanos());
  }

  @Test
  void measuredUsersKnowTheirThird() {
    IntendedTimes times = IntendedTimes.of(LoadProfile.of(Kind.LOW, 10, 1, 0, 3));
    int[] thirds = new int[40];
    for (int i = 0; i < 40; i++) {
      thirds[i] = times.slot(start(times, "load")).third();
    }

    assertThat(thirds[0]).isEqualTo(-1); // warm-up
    assertThat(thirds[10]).isEqualTo(0);
    assertThat(thirds[20]).isEqualTo(1);
    assertThat(thirds[39]).isEqualTo(2);
  }

  @Test
  void withoutAScheduleTheProtocolDoesNotStart() {
    assertThatThrownBy(() -> IntendedTimes.of(null, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(".schedule(profile)");
    assertThatThrownBy(
            () ->
                KafkaDsl.kafka()
                    .bootstrapServers("localhost:9")
                    .settings()) // what start() reads first
        .hasMessageContaining(".schedule(profile)");
  }

  @Test
  void moreSendingScenariosThanProfilesFailWhileGatlingBuildsThem() {
    IntendedTimes times = IntendedTimes.of(tenPerSecond());

    times.expectScheduledScenario();
    assertThatThrownBy(times::expectScheduledScenario)
        .hasMessageContaining("2 scenarios send tracked messages but kafka() schedules 1")
        .hasMessageContaining(".schedule(\"<scenario name>\", profile)");
  }

  @Test
  void theDefaultScheduleGoesToOneScenarioOnly() {
    IntendedTimes times =
        IntendedTimes.of(tenPerSecond(), Map.of("named", LoadProfile.of(Kind.LOW, 1, 0, 0, 60)));

    Slot load = times.slot(start(times, "load"));
    Slot named = times.slot(start(times, "named"));
    Slot stray = times.slot(start(times, "typo")); // neither named nor the default's scenario

    assertThat(load.phase()).isEqualTo(Phase.MEASURED);
    assertThat(load.third()).isZero();
    assertThat(named.third()).isZero();
    assertThat(stray.third()).isEqualTo(-1); // not judged by the degradation check
    assertThat(times.startEpochNanos("typo")).isZero();
  }

  @Test
  void usersRacingForTheDefaultAllGetIt() {
    IntendedTimes times = IntendedTimes.of(LoadProfile.of(Kind.MEDIUM, 1000, 0, 0, 60));

    long unscheduled =
        java.util.stream.IntStream.range(0, 2_000)
            .parallel()
            .mapToObj(i -> times.slot(start(times, "load")))
            .filter(slot -> slot.third() < 0)
            .count();

    assertThat(unscheduled).isZero();
  }
}
