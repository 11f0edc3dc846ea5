package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AckOnlyAssertionsTest {

  @Test
  void passesBelowEveryLimit() {
    List<AssertionResult> results =
        AckOnlyAssertions.evaluate(19.9, 0.5, 10_000, 9_900, AckOnlyThresholds.defaults());
    assertThat(results).hasSize(3).allMatch(AssertionResult::passed);
    assertThat(results.get(2).description()).isEqualTo("achieved ack rate >= 9900 msg/s");
  }

  @Test
  void failsEachLimitOnItsOwn() {
    AckOnlyThresholds t = AckOnlyThresholds.defaults();
    assertThat(AckOnlyAssertions.evaluate(20, 0, 100, 100, t))
        .extracting(AssertionResult::passed)
        .containsExactly(false, true, true);
    assertThat(AckOnlyAssertions.evaluate(1, 1, 100, 100, t))
        .extracting(AssertionResult::passed)
        .containsExactly(true, false, true);
    assertThat(AckOnlyAssertions.evaluate(1, 0, 100, 98.9, t))
        .extracting(AssertionResult::passed)
        .containsExactly(true, true, false);
  }

  @Test
  void thresholdsComeFromSystemPropertiesAndBadOnesAreNamed() {
    System.setProperty("assert.ackP99Ms", "50");
    try {
      assertThat(AckOnlyThresholds.fromSystemProperties().ackP99Ms()).isEqualTo(50);
      System.setProperty("assert.ackP99Ms", "-1");
      org.assertj.core.api.Assertions.assertThatThrownBy(AckOnlyThresholds::fromSystemProperties)
          .hasMessageContaining("-Dassert.ackP99Ms=-1")
          .hasMessageContaining("-Dassert.ackP99Ms=20");
    } finally {
      System.clearProperty("assert.ackP99Ms");
    }
  }
}
