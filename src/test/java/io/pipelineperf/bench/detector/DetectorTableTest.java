package io.pipelineperf.bench.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DetectorTableTest {

  private static DetectorResult result(long inserted, long seen, double achieved) {
    Histogram micros = new Histogram(3);
    for (int i = 1; i <= 100; i++) {
      micros.recordValue(i * 1_000L); // 1 .. 100 ms
    }
    return new DetectorResult(
        1000,
        achieved,
        inserted,
        seen,
        30_000,
        30.0,
        DetectorResult.Lag.of(micros),
        new DetectorResult.Cpu(0.6, 3.0, Double.NaN),
        7.25,
        1.5,
        1_500,
        6_000);
  }

  @Test
  void oneRowPerRateUnderTheHeader() {
    String md = DetectorTable.markdown("poll every 20 ms", List.of(result(40_000, 40_000, 999.9)));
    List<String> lines = md.lines().toList();
    assertThat(lines.get(0)).isEqualTo("Detector benchmark: poll every 20 ms");
    assertThat(lines.get(2)).isEqualTo(DetectorTable.HEADER);
    assertThat(lines.get(3).split("\\|", -1)).hasSameSizeAs(lines.get(2).split("\\|", -1));
    // 0.6 s of 30 s = 2 % of a core; 0.6 s / 30 000 rows = 20 µs; PostgreSQL unknown
    assertThat(lines.get(4))
        .isEqualTo(
            "| 1000 | 999.9 | 40000 | 40000 | 50.0 | 95.0 | 99.0 | 100.0 | 2.0 | 20.0 | 10.0"
                + " | 100.0 | n/a | n/a | 7.3 | 1.50 |");
    assertThat(md).doesNotContain("NOT ALL SEEN").doesNotContain("fell behind");
    assertThat(md).contains("100 lags from 30000 rows in 30.0 s measured; 1500 polls (400.0 µs");
  }

  @Test
  void unseenRowsAndALateWriterAreSaid() {
    String md = DetectorTable.markdown("s", List.of(result(40_000, 39_990, 900)));
    assertThat(md)
        .contains("- 1000 msg/s: **NOT ALL SEEN**: 40000 rows inserted, 39990 seen")
        .contains("- 1000 msg/s: **the writers fell behind**: 900.0 msg/s achieved");
  }
}
