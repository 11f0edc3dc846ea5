package io.pipelineperf.bench.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.bench.SyntheticBenchmarks;
import io.pipelineperf.bench.regress.RegressionGate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateNoiseTest {

  private static final RegressionGate.Options GATE = new RegressionGate.Options(20, 0.01, 5, 20);

  @TempDir Path dir;
  private final Random random = new Random(11);
  private int run;

  private HistoryRecord record(String commit, double scale, String stackFlags) throws IOException {
    double noise = 1 + 0.03 * random.nextGaussian();
    double[] p95 = {20 * scale * noise, 25 * scale * noise, 60 * scale * noise};
    return HistoryRecord.fromBenchmarkJson(
        SyntheticBenchmarks.write(dir, run++, commit, p95, stackFlags), "quick");
  }

  @Test
  void cleanRepeatsOfOneCommitAreGatedAgainstEachOtherAndNotFlagged() throws IOException {
    List<HistoryRecord> records =
        List.of(
            record("a", 1, ""),
            record("a", 1, ""),
            record("a", 1, ""),
            record("a", 1, ""),
            record("a", 1, ""),
            record("b", 0.5, ""),
            record("b", 0.5, ""));

    List<GateNoise.Group> groups = GateNoise.measure(records, GATE);

    assertThat(groups).as("commit b has too few repeats to measure").hasSize(1);
    GateNoise.Group a = groups.get(0);
    assertThat(a.commit()).isEqualTo("a");
    assertThat(a.runs()).isEqualTo(5);
    assertThat(a.metricChecks()).isPositive();
    assertThat(a.runsFlagged()).as(a.describe()).isZero();
  }

  @Test
  void aPlantedDefectIsNotARepeatAndARealOutlierIsCounted() throws IOException {
    List<HistoryRecord> records =
        List.of(
            record("a", 1, ""),
            record("a", 1, ""),
            record("a", 1, ""),
            record("a", 3, ""),
            record("a", 3, "-Dservice.defect=slow-write"));

    GateNoise.Group a = GateNoise.measure(records, GATE).get(0);

    assertThat(a.runs()).as("the slowed run is not a clean repeat").isEqualTo(4);
    assertThat(a.runsFlagged()).isEqualTo(1);
    assertThat(a.flagged()).anyMatch(f -> f.endsWith("e2e@1000.p95Ms"));
  }
}
