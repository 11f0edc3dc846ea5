package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerPerfResultTest {

  private static final String WHOLE =
      "3000000 records sent, 152439.024390 records/sec (148.87 MB/sec), 160.12 ms avg latency,"
          + " 812.00 ms max latency, 150 ms 50th, 310 ms 95th, 420 ms 99th, 700 ms 99.9th.";
  private static final String STEADY =
      "2700000 steady state records sent, 160000.000000 records/sec (156.25 MB/sec), 140.50 ms"
          + " avg latency, 500.00 ms max latency, 130 ms 50th, 280 ms 95th, 390 ms 99th, 480 ms"
          + " 99.9th.";

  @Test
  void readsTheFinalSummaryLine() {
    ProducerPerfResult r =
        ProducerPerfResult.parse(
                List.of(
                    "451234 records sent, 90246.8 records/sec (88.13 MB/sec), 200.1 ms avg"
                        + " latency, 700.0 ms max latency.",
                    WHOLE))
            .orElseThrow();
    assertThat(r.steadyState()).isFalse();
    assertThat(r.records()).isEqualTo(3_000_000);
    assertThat(r.recordsPerSec()).isEqualTo(152439.02439);
    assertThat(r.mbPerSec()).isEqualTo(148.87);
    assertThat(r.avgMs()).isEqualTo(160.12);
    assertThat(r.maxMs()).isEqualTo(812.0);
    assertThat(r.p50Ms()).isEqualTo(150);
    assertThat(r.p95Ms()).isEqualTo(310);
    assertThat(r.p99Ms()).isEqualTo(420);
    assertThat(r.p999Ms()).isEqualTo(700);
  }

  @Test
  void prefersTheSteadyStateSummaryWhicheverComesFirst() {
    assertThat(ProducerPerfResult.parse(List.of(STEADY, WHOLE)).orElseThrow().records())
        .isEqualTo(2_700_000);
    ProducerPerfResult r = ProducerPerfResult.parse(List.of(WHOLE, STEADY)).orElseThrow();
    assertThat(r.steadyState()).isTrue();
    assertThat(r.recordsPerSec()).isEqualTo(160000.0);
  }

  @Test
  void noSummaryLineIsEmpty() {
    assertThat(ProducerPerfResult.parse(List.of("Exception in thread main", ""))).isEmpty();
  }
}
