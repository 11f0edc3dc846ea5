package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The convergence rule of the adaptive warm-up, on per-second e2e histograms made up here. */
class AdaptiveWarmupTest {

  private final AdaptiveWarmup.Convergence rule =
      new AdaptiveWarmup.Convergence(AdaptiveWarmup.Settings.defaults());

  private static Histogram second(double p95Ms) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 0; i < 100; i++) {
      h.recordValue(Math.round(p95Ms * 1000));
    }
    return h;
  }

  private boolean feed(double... p95s) {
    boolean converged = false;
    for (double p95 : p95s) {
      converged = rule.add(second(p95));
    }
    return converged;
  }

  @Test
  void aLatencyStillFallingAsTheJitWarmsUpHasNotConverged() {
    assertThat(feed(1400, 900, 600, 300, 150, 80)).isFalse();
  }

  @Test
  void aLatencyStillFallingWithinTheSpreadHasNotConverged() {
    // within 1.5x of each other, but still falling: the JIT is not done
    assertThat(feed(914, 468, 300, 197, 175, 181, 140, 151)).isFalse();
  }

  @Test
  void fiveSettledSecondsConverge() {
    assertThat(feed(1400, 900, 300, 40, 36, 44, 38, 41)).isTrue();
    assertThat(rule.p95PerSecondMs()).hasSize(8);
    assertThat(rule.p95PerSecondMs().get(0)).isCloseTo(1400, within(2.0));
  }

  @Test
  void aClimbingLatencyNeverConverges() {
    assertThat(feed(20, 30, 45, 70, 100, 150, 220, 330)).isFalse();
  }

  @Test
  void aBacklogGrowingSlowlyEnoughToLookSteadyIsNotConverged() {
    // within 1.5x of each other, but climbing: the pipeline is falling behind
    assertThat(feed(22577, 23822, 24330, 26050, 27852, 28557)).isFalse();
  }

  @Test
  void aSlowButSteadyPipelineConvergesOnItsPlateau() {
    assertThat(feed(900, 910, 880, 905, 895)).isTrue();
  }

  @Test
  void secondsWithTooFewOutcomesDoNotCount() {
    feed(40, 41, 39, 40);
    assertThat(rule.add(new Histogram(3_600_000_000L, 3))).isFalse();
    assertThat(feed(40, 41, 39, 40)).as("the window starts again").isFalse();
    assertThat(feed(40)).isTrue();
  }
}
