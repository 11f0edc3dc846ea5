package io.pipelineperf.bench.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorBenchSettingsTest {

  @Test
  void defaultsAreThoseOfTheIssueAndOfARun() {
    DetectorBenchSettings s = DetectorBenchSettings.from(List.of(), key -> null);
    assertThat(s.rates()).containsExactly(1_000, 10_000);
    assertThat(s.warmup()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.measured()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.writers()).isEqualTo(1);
    assertThat(s.commitEvery()).isEqualTo(Duration.ofMillis(5));
    assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(5)); // -Dcompletion=db's default
    assertThat(s.gapTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.batchLimit()).isEqualTo(10_000);
  }

  @Test
  void ratesFromTheArgumentsTheRestFromProperties() {
    Map<String, String> p =
        Map.of(
            "detector.warmupSeconds", "3",
            "detector.measuredSeconds", "10",
            "detector.writers", "2",
            "completion.pollMs", "50",
            "completion.db.table", "shop.orders");
    DetectorBenchSettings s = DetectorBenchSettings.from(List.of("500", " 2000"), p::get);
    assertThat(s.rates()).containsExactly(500, 2_000);
    assertThat(s.warmup()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.measured()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.writers()).isEqualTo(2);
    assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(50));
    // the table is always the benchmark's own
    assertThat(s.completion("detector_bench.messages_1").table())
        .isEqualTo("detector_bench.messages_1");
    assertThat(s.describe()).startsWith("poll every 50 ms").contains("2 writers");
  }

  @Test
  void aBadValueNamesItsSetting() {
    assertThatThrownBy(() -> DetectorBenchSettings.from(List.of("fast"), key -> null))
        .hasMessageContaining("rate=fast");
    assertThatThrownBy(
            () ->
                DetectorBenchSettings.from(List.of(), Map.of("detector.measuredSeconds", "0")::get))
        .hasMessageContaining("-Ddetector.measuredSeconds=0");
    assertThatThrownBy(
            () -> DetectorBenchSettings.from(List.of(), Map.of("completion.pollMs", "0")::get))
        .hasMessageContaining("-Dcompletion.pollMs=0");
  }
}
