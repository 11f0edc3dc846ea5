package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunReportTest {

  @Test
  void achievedRateIsMessagesOverTheMeasuredPhase() {
    assertThat(RunReport.achievedRate(60_000, 60, 1_000_000_000L, 60_500_000_000L)).isEqualTo(1000);
  }

  @Test
  void aPipelineThatFallsBehindStretchesTheWindow() {
    assertThat(RunReport.achievedRate(60_000, 60, 1_000_000_000L, 121_000_000_000L)).isEqualTo(500);
  }
}
