package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchLimitsTest {

  private static StepResult ack(double rate, double achieved, double p99) {
    return new StepResult(
        StepKind.ACK,
        rate,
        achieved,
        1.0,
        p99,
        null,
        null,
        null,
        0.1,
        0.0,
        null,
        null,
        1.0,
        30.0,
        40.0,
        null,
        2.0,
        "PASS",
        "s");
  }

  private static StepResult e2e(double rate, double achieved, double p95, long lost) {
    return new StepResult(
        StepKind.E2E,
        rate,
        achieved,
        1.0,
        3.0,
        10.0,
        p95,
        150.0,
        0.1,
        0.0,
        lost,
        0L,
        30.0,
        20.0,
        40.0,
        100L,
        2.0,
        "PASS",
        "s");
  }

  @Test
  void ackStepHoldsBelowTheP99AndAtNinetyNinePercentOfTheRate() {
    BenchLimits l = BenchLimits.defaults();
    assertThat(l.breaches(ack(10_000, 9_900, 19.9))).isEmpty();
    assertThat(l.breaches(ack(10_000, 9_899, 5))).singleElement().asString().startsWith("achieved");
    assertThat(l.breaches(ack(10_000, 10_000, 20)))
        .singleElement()
        .asString()
        .startsWith("ack p99");
  }

  @Test
  void e2eStepNeedsP95BelowTheLimitAndNoLoss() {
    BenchLimits l = BenchLimits.defaults();
    assertThat(l.breaches(e2e(1000, 1000, 99.9, 0))).isEmpty();
    assertThat(l.breaches(e2e(1000, 1000, 100, 0)))
        .singleElement()
        .asString()
        .startsWith("e2e p95");
    assertThat(l.breaches(e2e(1000, 1000, 10, 1))).containsExactly("lost 1 > 0");
  }

  @Test
  void anInvalidRunDoesNotHoldHoweverGoodItsLatencies() {
    // as measured: 12 000 msg/s achieved with e2e p95 97 ms, but the injector behind by p99 40 ms
    StepResult good = e2e(12_000, 12_000, 97, 0);
    StepResult invalid =
        new StepResult(
            good.kind(),
            good.targetRate(),
            good.achievedRate(),
            good.ackP50Ms(),
            good.ackP99Ms(),
            good.e2eP50Ms(),
            good.e2eP95Ms(),
            good.e2eP99Ms(),
            40.13,
            good.errorRatePct(),
            good.lost(),
            good.duplicated(),
            good.serviceCpuMeanPct(),
            good.injectorCpuMeanPct(),
            good.injectorCpuMicrosPerMessage(),
            good.lagPeak(),
            good.hostLoad1Peak(),
            "INVALID",
            good.summary());
    BenchLimits l = BenchLimits.defaults();
    assertThat(l.breaches(good)).isEmpty();
    assertThat(l.breaches(invalid))
        .singleElement()
        .asString()
        .startsWith("the run was INVALID")
        .contains("40.13 ms");
  }

  @Test
  void badLimitNamesTheProperty() {
    System.setProperty("bench.e2eP95Ms", "fast");
    try {
      assertThatThrownBy(BenchLimits::fromSystemProperties)
          .hasMessageContaining("-Dbench.e2eP95Ms=fast")
          .hasMessageContaining("-Dbench.e2eP95Ms=100");
    } finally {
      System.clearProperty("bench.e2eP95Ms");
    }
  }
}
