package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {

  private static String histogram(long entries, long bytesArray) {
    return " num     #instances         #bytes  class name (module)\n"
        + "-------------------------------------------------------\n"
        + "   1:         1000      "
        + bytesArray
        + "  [B (java.base@17.0.15)\n"
        + "   2:          "
        + entries
        + "        "
        + entries * 16
        + "  io.pipelineperf.service.LeakyAuditTrail$Entry\n"
        + "   3:           500          12000  java.lang.String (java.base@17.0.15)\n"
        + "Total          2500        9999999\n";
  }

  @Test
  void namesTheClassesThatGrewMostAndMonotonically() {
    List<ClassHistogram> checkpoints =
        List.of(
            ClassHistogram.parse(histogram(10, 100_000)),
            ClassHistogram.parse(histogram(5000, 900_000)),
            ClassHistogram.parse(histogram(10_000, 2_000_000)));

    List<ClassHistogram.Growth> top = ClassHistogram.topGrowth(checkpoints, 10);

    assertThat(top).hasSize(2);
    assertThat(top.get(0).className()).isEqualTo("[B");
    assertThat(top.get(0).growthBytes()).isEqualTo(1_900_000);
    assertThat(top.get(1).className()).isEqualTo("io.pipelineperf.service.LeakyAuditTrail$Entry");
    assertThat(top.get(1).instancesGrowth()).isEqualTo(9990);
    assertThat(top.get(1).monotonic()).isTrue();
  }
}
