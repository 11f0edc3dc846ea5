package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunMetricsAckWindowTest {

  @Test
  void measuredAcknowledgementsOpenAndCloseTheAckWindow() {
    RunMetrics m = new RunMetrics();
    assertThat(m.firstAckEpochNanos()).isZero();
    assertThat(m.lastAckEpochNanos()).isZero();

    m.acked(new Slot(EpochNanos.now(), Phase.WARMUP, -1), 1_000_000);
    assertThat(m.firstAckEpochNanos()).isZero();

    m.acked(new Slot(EpochNanos.now(), Phase.MEASURED, 0), 2_000_000);
    m.acked(new Slot(EpochNanos.now(), Phase.MEASURED, 2), 3_000_000);
    assertThat(m.acked()).isEqualTo(2);
    assertThat(m.firstAckEpochNanos()).isPositive();
    assertThat(m.lastAckEpochNanos()).isGreaterThanOrEqualTo(m.firstAckEpochNanos());
    assertThat(m.ack().getTotalCount()).isEqualTo(2);
  }
}
