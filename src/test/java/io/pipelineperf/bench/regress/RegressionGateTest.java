package io.pipelineperf.bench.regress;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.bench.regress.RegressionGate.Finding;
import io.pipelineperf.bench.regress.RegressionGate.Options;
import io.pipelineperf.bench.regress.RegressionGate.Verdict;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionGateTest {

  private static final Options OPTIONS = new Options(20, 0.01, 5, 20);

  private static double[] history(int n, double mean, double sd, long seed) {
    Random r = new Random(seed);
    double[] h = new double[n];
    for (int i = 0; i < n; i++) {
      h[i] = mean + sd * r.nextGaussian();
    }
    return h;
  }

  @Test
  void aSlowerLatencyBeyondTheThresholdAndTheNoiseIsARegression() {
    Finding f = RegressionGate.compare("e2e@2000.p95Ms", false, history(10, 20, 1, 1), 30, OPTIONS);

    assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(f.deltaPct()).isBetween(40.0, 60.0);
    assertThat(f.pValue()).isLessThan(0.001);
    assertThat(f.describe())
        .contains("REGRESSION e2e@2000.p95Ms", "baseline median 19.4", "new 30.0", "p = ");
  }

  @Test
  void aLowerCeilingIsARegressionAndAHigherOneAnImprovement() {
    double[] ceilings = history(8, 4000, 50, 2);
    assertThat(
            RegressionGate.compare("e2e.ceilingMsgPerSec", true, ceilings, 3000, OPTIONS).verdict())
        .isEqualTo(Verdict.REGRESSION);
    Finding better = RegressionGate.compare("e2e.ceilingMsgPerSec", true, ceilings, 6000, OPTIONS);
    assertThat(better.verdict()).isEqualTo(Verdict.IMPROVEMENT);
    assertThat(better.deltaPct()).isPositive();
  }

  @Test
  void aFasterLatencyIsAnImprovement() {
    Finding f = RegressionGate.compare("e2e@2000.p95Ms", false, history(10, 20, 1, 3), 12, OPTIONS);
    assertThat(f.verdict()).isEqualTo(Verdict.IMPROVEMENT);
    assertThat(f.describe()).startsWith("IMPROVEMENT");
  }

  @Test
  void aChangeWithinTheNoiseOrBelowTheThresholdIsUnchanged() {
    // 30 % worse but the history itself spreads that much: not significant
    assertThat(
            RegressionGate.compare(
                    "m.p95Ms", false, new double[] {10, 30, 15, 25, 12, 28}, 26, OPTIONS)
                .verdict())
        .isEqualTo(Verdict.UNCHANGED);
    // significant but only 10 % worse: below bench.maxRegressionPct
    assertThat(
            RegressionGate.compare("m.p95Ms", false, history(20, 20, 0.2, 4), 22, OPTIONS)
                .verdict())
        .isEqualTo(Verdict.UNCHANGED);
  }

  @Test
  void fewerLikeRunsThanTheMinimumIsNotEnoughHistory() {
    Finding f =
        RegressionGate.compare("m.p95Ms", false, new double[] {20, 21, 19, 20}, 90, OPTIONS);
    assertThat(f.verdict()).isEqualTo(Verdict.NOT_ENOUGH_HISTORY);
    assertThat(f.describe()).contains("not enough history (4 like runs");
  }

  @Test
  void cleanRepeatsFromTheSameDistributionAreRarelyFlagged() {
    Random r = new Random(5);
    int flagged = 0;
    int trials = 1000;
    for (int i = 0; i < trials; i++) {
      double[] h = history(10, 20, 2, r.nextLong());
      double next = 20 + 2 * r.nextGaussian();
      if (RegressionGate.compare("m.p95Ms", false, h, next, OPTIONS).verdict()
          == Verdict.REGRESSION) {
        flagged++;
      }
    }
    System.out.printf("RegressionGate false alarms on clean repeats: %d of %d%n", flagged, trials);
    assertThat(flagged).isLessThanOrEqualTo(trials / 200);
  }
}
