package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.bench.history.HistoryRecord;
import io.pipelineperf.bench.history.HistoryStore;
import io.pipelineperf.bench.regress.RegressionGate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkHistoryTest {

  private static final RegressionGate.Options GATE = new RegressionGate.Options(20, 0.01, 5, 20);
  private static final String SLOW_WRITE = "-Dservice.defect=slow-write";

  @TempDir Path dir;
  private final Random random = new Random(7);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private int record(int run, String commit, double scale, String stackFlags) throws IOException {
    double noise = 1 + 0.03 * random.nextGaussian();
    double[] p95 = {20 * scale * noise, 25 * scale * noise, 60 * scale * noise};
    Path json = SyntheticBenchmarks.write(dir, run, commit, p95, stackFlags);
    printed.reset();
    return BenchmarkHistory.record(
        json,
        dir.resolve("history"),
        "quick",
        GATE,
        null,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theFirstRunsHaveNotEnoughHistoryAndPass() throws IOException {
    assertThat(record(0, "c0", 1, "")).isZero();
    assertThat(out()).contains("not enough history", "no comparison page", "no regression");
    assertThat(record(1, "c1", 1, "")).isZero();
    assertThat(out()).contains("comparison page (vs ");
  }

  @Test
  void aPlantedSlowWriteIsFlaggedAgainstCleanHistoryAndCleanRepeatsAreNot() throws IOException {
    for (int run = 0; run < 8; run++) {
      assertThat(record(run, "c" + run, 1, "")).as("clean run %d: %s", run, out()).isZero();
    }
    // the service slowed by the planted defect: every latency doubles, 4000 msg/s no longer holds
    assertThat(record(8, "slow", 2, "-Dservice.consumer.threads=2 " + SLOW_WRITE)).isEqualTo(0);
    // ^ other settings changed: not like the history, so not compared (not enough history)
    assertThat(out()).contains("not enough history");

    assertThat(record(9, "slow", 2, SLOW_WRITE)).isEqualTo(BenchmarkHistory.REGRESSION);
    assertThat(out())
        .contains("REGRESSION e2e@1000.p95Ms", "baseline median", "delta +", "p = ")
        .contains("REGRESSION e2e.ceilingMsgPerSec")
        .contains("[bench] REGRESSION:");

    HistoryStore store = new HistoryStore(dir.resolve("history"));
    HistoryRecord slowed = store.all().get(store.all().size() - 1);
    assertThat(slowed.fingerprint().plantedDefects()).isEqualTo(SLOW_WRITE);
    assertThat(slowed.metrics()).containsKeys("e2e@1000.p95Ms", "e2e@2000.serviceCpuUsPerMsg");
    assertThat(slowed.metrics()).doesNotContainKey("e2e@4000.p95Ms");
    assertThat(Files.list(dir.resolve("history")).map(p -> p.getFileName().toString()))
        .contains("trend-quick.html")
        .anyMatch(n -> n.startsWith("compare-") && n.endsWith(".html"));
  }

  @Test
  void aRunSoSlowThatNoRateHoldsIsARegressionNotAnEmptyComparison() throws IOException {
    for (int run = 0; run < 6; run++) {
      record(run, "c" + run, 1, "");
    }
    // slowed so far that not even the first rate holds: no per-rate metric at all
    assertThat(record(6, "slow", 6, SLOW_WRITE)).isEqualTo(BenchmarkHistory.REGRESSION);
    assertThat(out())
        .contains("REGRESSION e2e.ceilingMsgPerSec")
        .contains("REGRESSION e2e@1000.p95Ms", "its rate no longer held");
  }

  @Test
  void aFasterRunIsReportedAsAnImprovementAndPasses() throws IOException {
    for (int run = 0; run < 6; run++) {
      record(run, "c" + run, 1, "");
    }
    assertThat(record(6, "fast", 0.5, "")).isZero();
    assertThat(out()).contains("IMPROVEMENT e2e@1000.p95Ms").contains("no regression");
  }
}
