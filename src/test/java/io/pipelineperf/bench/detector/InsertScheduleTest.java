package io.pipelineperf.bench.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InsertScheduleTest {

  private static final long MS = 1_000_000;

  @Test
  void oneWriterOwesEveryRowWhoseTimeHasCome() {
    InsertSchedule s = new InsertSchedule(1000, 1);
    assertThat(s.dueBy(0, -1)).isZero();
    assertThat(s.dueBy(0, 0)).isEqualTo(1); // row 0 at once
    assertThat(s.dueBy(0, 5 * MS - 1)).isEqualTo(5);
    assertThat(s.dueBy(0, 5 * MS)).isEqualTo(6);
    assertThat(s.dueBy(0, 1_000 * MS)).isEqualTo(1_001);
    assertThat(s.intendedNanos(0, 6)).isEqualTo(6 * MS);
  }

  @Test
  void aLateWriterOwesTheRowsThatFellDueMeanwhile() {
    // an insert that stalled 200 ms at 10 000 msg/s: the next commit takes 2000 more rows
    InsertSchedule s = new InsertSchedule(10_000, 1);
    assertThat(s.dueBy(0, 205 * MS) - s.dueBy(0, 5 * MS)).isEqualTo(2_000);
  }

  @Test
  void writersShareTheRowsInTurnAndTogetherKeepTheRate() {
    InsertSchedule s = new InsertSchedule(1000, 3);
    // rows 0..9 due at 9 ms: writer 0 has 0, 3, 6, 9; writer 1 has 1, 4, 7; writer 2 has 2, 5, 8
    assertThat(s.dueBy(0, 9 * MS)).isEqualTo(4);
    assertThat(s.dueBy(1, 9 * MS)).isEqualTo(3);
    assertThat(s.dueBy(2, 9 * MS)).isEqualTo(3);
    assertThat(s.dueBy(2, 1 * MS)).isZero();
    assertThat(s.intendedNanos(1, 2)).isEqualTo(7 * MS);
    long total = 0;
    for (int w = 0; w < 3; w++) {
      total += s.dueBy(w, 30_000 * MS - 1);
    }
    assertThat(total).isEqualTo(30_000);
  }

  @Test
  void refusesAScheduleWithoutRateOrWriters() {
    assertThatThrownBy(() -> new InsertSchedule(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InsertSchedule(1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
