package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each assertion passes on a healthy run and fails when driven over its threshold. */
class RunAssertionsTest {

  private static final RunThresholds LIMITS = RunThresholds.defaults();
  private static final RunFacts HEALTHY =
      new RunFacts(60000, (double) 20, 0.1, 1000, 1000, 0, 0, 18, 20);

  private static AssertionResult result(RunFacts facts, String descriptionStart) {
    return RunAssertions.evaluate(facts, LIMITS).stream()
        .filter(r -> r.description().startsWith(descriptionStart))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aHealthyRunPassesEveryAssertion() {
    List<AssertionResult> results = RunAssertions.evaluate(HEALTHY, LIMITS);

    assertThat(results).hasSize(7).allMatch(AssertionResult::passed);
  }

  @Test
  void aRunThatProcessedNothingFailsEvenWithoutALatencyToJudge() {
    RunFacts nothing = new RunFacts(0, null, 100, 1000, 1000, 0, 0, 0, 0);

    assertThat(result(nothing, "messages processed").passed()).isFalse();
    AssertionResult p95 = result(nothing, "e2e p95 <");
    assertThat(p95.passed()).as("no e2e latency is not a met limit").isFalse();
    assertThat(p95.actual()).isNull();
  }

  @Test
  void e2eP95OverTheLimitFails() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 100, 0.1, 1000, 1000, 0, 0, 18, 20), "e2e p95 <");

    assertThat(r.passed()).isFalse();
    assertThat(r.actual()).isEqualTo(100);
    assertThat(r.threshold()).isEqualTo(100);
    assertThat(r.description()).isEqualTo("e2e p95 < 100 ms");
  }

  @Test
  void errorRateOverTheLimitFails() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 20, 1.0, 1000, 1000, 0, 0, 18, 20), "error rate");

    assertThat(r.passed()).isFalse();
    assertThat(r.actual()).isEqualTo(1.0);
  }

  @Test
  void throughputBelowTheTargetShareFails() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 20, 0.1, 1000, 989, 0, 0, 18, 20), "achieved");

    assertThat(r.passed()).isFalse();
    assertThat(r.threshold()).isEqualTo(990);
    assertThat(result(HEALTHY, "achieved").passed()).isTrue();
  }

  @Test
  void aLostMessageFails() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 20, 0.1, 1000, 1000, 1, 0, 18, 20), "lost");

    assertThat(r.passed()).isFalse();
    assertThat(r.actual()).isEqualTo(1);
  }

  @Test
  void aDuplicatedMessageFails() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 20, 0.1, 1000, 1000, 0, 1, 18, 20), "duplicated");

    assertThat(r.passed()).isFalse();
  }

  @Test
  void degradationBetweenFirstAndLastThirdFails() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 20, 0.1, 1000, 1000, 0, 0, 20, 31), "e2e p95 last");

    assertThat(r.passed()).isFalse();
    assertThat(r.actual()).isEqualTo(1.55);
  }

  @Test
  void degradationIgnoresChangesBelowTheFloor() {
    AssertionResult r =
        result(new RunFacts(60000, (double) 4, 0.1, 1000, 1000, 0, 0, 2, 4), "e2e p95 last");

    assertThat(r.passed()).isTrue();
  }

  @Test
  void thresholdsComeFromSystemProperties() {
    System.setProperty("assert.e2eP95Ms", "250");
    try {
      assertThat(RunThresholds.fromSystemProperties().e2eP95Ms()).isEqualTo(250);
    } finally {
      System.clearProperty("assert.e2eP95Ms");
    }
  }

  @Test
  void aBadThresholdNamesTheSetting() {
    System.setProperty("assert.errorRatePct", "lots");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(RunThresholds::fromSystemProperties)
          .hasMessageContaining("-Dassert.errorRatePct=lots");
    } finally {
      System.clearProperty("assert.errorRatePct");
    }
  }
}
