package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.gatling.LoadProfile.Kind;
import org.junit.jupiter.api.Test;

class IntendedTimesTest {

  @Test
  void dueTimesFollowTheScheduleNotTheCaller() throws Exception {
    IntendedTimes times = IntendedTimes.of(LoadProfile.of(Kind.LOW, 10, 0, 0, 60));

    Slot first = times.next();
    Thread.sleep(300); // the injector stalls: the second message (due at +100 ms) runs late
    Slot second = times.next();

    assertThat(second.intendedEpochNanos() - first.intendedEpochNanos()).isEqualTo(100_000_000L);
    assertThat(EpochNanos.now() - second.intendedEpochNanos()).isGreaterThan(150_000_000L);
  }

  @Test
  void aLateFirstMessageDoesNotShiftTheOthers() throws Exception {
    IntendedTimes times = IntendedTimes.of(LoadProfile.of(Kind.LOW, 10, 0, 0, 60));
    long injectionStart = EpochNanos.now();

    Thread.sleep(150); // the first message (due at 0) runs 150 ms late
    Slot first = times.next();
    Thread.sleep(Math.max(0, (injectionStart + 1_000_000_000L - EpochNanos.now()) / 1_000_000));
    for (int i = 1; i < 10; i++) {
      times.next();
    }
    Slot eleventh = times.next(); // due at +1.0 s, run about on time

    // the estimate of the injection start corrects itself once an on-time message is seen
    assertThat(eleventh.intendedEpochNanos() - injectionStart)
        .isBetween(990_000_000L, 1_100_000_000L); // the sleep above is whole milliseconds
    assertThat(first.intendedEpochNanos() - injectionStart).isGreaterThan(100_000_000L);
  }

  @Test
  void measuredMessagesKnowTheirThird() {
    IntendedTimes times = IntendedTimes.of(LoadProfile.of(Kind.LOW, 10, 1, 0, 3));
    int[] thirds = new int[40];
    for (int i = 0; i < 40; i++) {
      thirds[i] = times.next().third();
    }

    assertThat(thirds[0]).isEqualTo(-1); // warm-up
    assertThat(thirds[10]).isEqualTo(0);
    assertThat(thirds[20]).isEqualTo(1);
    assertThat(thirds[39]).isEqualTo(2);
  }

  @Test
  void withoutAScheduleEveryMessageIsDueNow() {
    Slot slot = IntendedTimes.unscheduled().next();

    assertThat(slot.phase()).isEqualTo(Phase.MEASURED);
    assertThat(EpochNanos.now() - slot.intendedEpochNanos()).isBetween(0L, 1_000_000_000L);
  }
}
