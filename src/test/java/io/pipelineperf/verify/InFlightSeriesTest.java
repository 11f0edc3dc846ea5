package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.verify.InFlightSeries.InFlightPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InFlightSeriesTest {

  private static final long T0 = 1_795_000_000_000L;

  private static long at(double second) {
    return T0 + Math.round(second * 1000);
  }

  /**
   * 10 acks per second for 25 s, each completed 100 ms later, except during the fault (10 s to 20
   * s) whose 100 messages complete in the 3 s after the heal.
   */
  private static InFlightSeries faultRun(int backlogCompleted) {
    InFlightSeries series = new InFlightSeries();
    int backlog = 0;
    for (int s = 0; s < 25; s++) {
      for (int k = 0; k < 10; k++) {
        double ack = s + k * 0.05;
        series.acked(at(ack));
        if (s >= 10 && s < 20) {
          backlog++;
        } else {
          series.completed(at(ack + 0.1));
        }
      }
    }
    for (int i = 0; i < Math.min(backlog, backlogCompleted); i++) {
      series.completed(at(20 + i * 0.025)); // 40 per second from the heal
    }
    return series;
  }

  @Test
  void climbsDuringTheFaultAndReturnsToZeroAfterTheHeal() {
    InFlightSeries series = faultRun(100);

    List<InFlightPoint> points = series.points();
    assertThat(points).hasSize(25);
    assertThat(points.get(0)).isEqualTo(new InFlightPoint(at(1), 0));
    assertThat(points.get(9).inFlight()).isZero();
    assertThat(points.get(10).inFlight()).isEqualTo(10);
    assertThat(points.get(19).inFlight()).isEqualTo(100);
    assertThat(points.get(20).inFlight()).isEqualTo(60);
    assertThat(points.get(21).inFlight()).isEqualTo(20);
    assertThat(points.get(22).inFlight()).isZero();
    assertThat(series.peakBefore(at(10))).isZero();

    InFlightSeries.Return back = series.returnedToZero(at(20));
    assertThat(back.returned()).isTrue();
    assertThat(back.at()).isEqualTo(at(23));
    assertThat(back.secondsAfter()).isEqualTo(3.0);
    assertThat(series.finalInFlight()).isZero();
  }

  @Test
  void neverReturnsWhenSomeAcknowledgedMessagesAreNeverProcessed() {
    InFlightSeries series = faultRun(97);

    assertThat(series.returnedToZero(at(20)).returned()).isFalse();
    assertThat(series.returnedToZero(at(20)).at()).isNull();
    assertThat(series.finalInFlight()).isEqualTo(3);
    assertThat(series.firstAtOrBelow(at(20), 3).at()).isEqualTo(at(23));
  }

  @Test
  void secondsWithoutEventsCarryTheCount() {
    InFlightSeries series = InFlightSeries.of(new long[] {at(0.5), at(0.6)}, new long[] {at(4.2)});

    assertThat(series.points())
        .extracting(InFlightPoint::inFlight)
        .containsExactly(2L, 2L, 2L, 2L, 1L);
  }

  @Test
  void anOutcomeSeenBeforeItsAckNeverGivesANegativeCount() {
    InFlightSeries series =
        InFlightSeries.of(new long[] {at(1.01), at(1.5)}, new long[] {at(0.99), at(1.6)});

    assertThat(series.points()).extracting(InFlightPoint::inFlight).containsExactly(0L, 0L);
  }

  @Test
  void emptyIsZero() {
    InFlightSeries series = new InFlightSeries();

    assertThat(series.points()).isEmpty();
    assertThat(series.finalInFlight()).isZero();
    assertThat(series.returnedToZero(at(0)).returned()).isFalse();
  }

  @Test
  void aStrayTimestampIsReported() {
    InFlightSeries series = InFlightSeries.of(new long[] {0, at(1)}, new long[0]);

    assertThatThrownBy(series::points).hasMessageContaining("not epoch milliseconds");
  }

  @Test
  void recordsFromSeveralThreads() throws Exception {
    InFlightSeries series = new InFlightSeries();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    series.acked(at(i % 3));
                    series.completed(at(2.5));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(series.points()).extracting(InFlightPoint::inFlight).endsWith(0L);
    assertThat(series.points().get(0).inFlight()).isEqualTo(4 * 3334);
  }
}
