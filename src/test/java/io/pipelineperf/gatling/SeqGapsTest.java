package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqGapsTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void inOrderCommitsLeaveNoGaps() {
    SeqGaps gaps = new SeqGaps(10, SECOND, 100);
    for (long seq = 11; seq <= 15; seq++) {
      assertThat(gaps.seen(seq, 0)).isTrue();
    }
    assertThat(gaps.highWater()).isEqualTo(15);
    assertThat(gaps.open()).isEmpty();
    assertThat(gaps.filled()).isZero();
  }

  @Test
  void aLowerValueCommittedAfterAHigherOneIsAwaitedAndTakenWhenItComes() {
    SeqGaps gaps = new SeqGaps(10, SECOND, 100);
    gaps.seen(11, 0);
    gaps.seen(14, 0); // 12 and 13 still uncommitted
    assertThat(gaps.open()).containsExactly(12, 13);
    assertThat(gaps.highWater()).isEqualTo(14);

    assertThat(gaps.seen(13, SECOND / 2)).isTrue();
    assertThat(gaps.expire(SECOND / 2)).isZero();
    assertThat(gaps.open()).containsExactly(12);
    assertThat(gaps.filled()).isEqualTo(1);
    assertThat(gaps.seen(13, SECOND / 2)).as("never twice").isFalse();
  }

  @Test
  void aHoleThatNeverFillsIsGivenUpAfterTheTimeoutAndNotBefore() {
    SeqGaps gaps = new SeqGaps(0, SECOND, 100);
    gaps.seen(2, 0);
    gaps.seen(5, SECOND / 2);
    assertThat(gaps.expire(SECOND - 1)).isZero();
    assertThat(gaps.expire(SECOND)).as("1, found at 0").isEqualTo(1);
    assertThat(gaps.open()).containsExactly(3, 4);
    assertThat(gaps.expire(SECOND + SECOND / 2)).isEqualTo(2);
    assertThat(gaps.expired()).isEqualTo(3);
    assertThat(gaps.seen(1, 2 * SECOND)).as("given up: not taken").isFalse();
  }

  @Test
  void keepsAtMostMaxOpenGapsGivingUpTheOldest() {
    SeqGaps gaps = new SeqGaps(0, SECOND, 3);
    gaps.seen(3, 0); // gaps 1, 2
    gaps.seen(6, 1); // gaps 4, 5: one too many
    assertThat(gaps.open()).containsExactly(2, 4, 5);
    assertThat(gaps.expired()).isEqualTo(1);

    gaps.seen(1_000_006, 2); // a jump wider than can be tracked
    assertThat(gaps.open()).containsExactly(1_000_003, 1_000_004, 1_000_005);
    assertThat(gaps.openCount()).isEqualTo(3);
    assertThat(gaps.expired()).isEqualTo(1 + 3 + 999_996);
  }

  @Test
  void anEmptyStartAwaitsNothingBelowTheFirstRow() {
    SeqGaps gaps = new SeqGaps(SeqGaps.NONE_YET, SECOND, 100);
    assertThat(gaps.seen(500, 0)).isTrue();
    assertThat(gaps.open()).isEmpty();
    gaps.seen(502, 0);
    assertThat(gaps.open()).containsExactly(501);
  }
}
