package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCapAndResets() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    long[] expected = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
    for (long ms : expected) {
      assertThat(b.next()).isEqualTo(Duration.ofMillis(ms));
    }
    assertThat(b.attempts()).isEqualTo(expected.length);
    b.reset();
    assertThat(b.attempts()).isZero();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void rejectsNonsensicalBounds() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
