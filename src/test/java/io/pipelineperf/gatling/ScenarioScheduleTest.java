package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.gatling.LoadProfile.Kind;
import org.junit.jupiter.api.Test;

class ScenarioScheduleTest {

  private static final long MS = 1_000_000L;
  private static final long START = 1_000_000_000_000L * MS; // the true injection start

  private final ScenarioSchedule schedule =
      new ScenarioSchedule("load", LoadProfile.of(Kind.LOW, 10, 0, 0, 60));

  @Test
  void aLateFirstUserDoesNotShiftTheOthers() {
    Slot first = schedule.slot(0, START + 150 * MS); // due at 0, starts 150 ms late
    Slot second = schedule.slot(1, START + 100 * MS + 300_000); // on time but for Gatling's 0.3 ms
    Slot third = schedule.slot(2, START + 200 * MS + 100_000);

    // the first user is judged by itself only: nothing earlier was seen
    assertThat(first.intendedEpochNanos()).isEqualTo(START + 150 * MS);
    // once on-time users are seen, the anchor is the earliest of them
    assertThat(second.intendedEpochNanos()).isEqualTo(START + 100 * MS + 300_000);
    assertThat(third.intendedEpochNanos()).isEqualTo(START + 200 * MS + 100_000);
    assertThat(schedule.anchorEpochNanos()).isEqualTo(START + 100_000);
  }

  @Test
  void lateUsersKeepTheirDueTime() {
    schedule.slot(0, START);
    Slot stalled = schedule.slot(5, START + 2_000 * MS); // due at 500 ms, starts 1.5 s late

    assertThat(stalled.intendedEpochNanos()).isEqualTo(START + 500 * MS);
    assertThat(schedule.anchorEpochNanos()).isEqualTo(START);
  }

  @Test
  void anEarlyUserWouldMoveEveryLaterDueTime() {
    // why offsets must match Gatling's placement: one user starting 20 ms before its computed due
    // time pulls the anchor, and every later user looks 20 ms late
    schedule.slot(0, START);
    schedule.slot(1, START + 80 * MS);
    Slot later = schedule.slot(2, START + 200 * MS);

    assertThat(START + 200 * MS - later.intendedEpochNanos()).isEqualTo(20 * MS);
  }
}
