package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class LeakAnalysisTest {

  private static final double MB = 1024 * 1024;
  private static final LeakAnalysis.Settings SETTINGS = LeakAnalysis.Settings.defaults();

  /**
   * {@code seconds} samples of the measured phase: a GC sawtooth (heap used climbs 30 MB, a young
   * GC every 3 s leaves the trough), the trough given per second, threads and fds as given.
   */
  private static List<Sample> run(
      int seconds, IntToDoubleFunction troughMb, IntToDoubleFunction threads) {
    Random noise = new Random(42);
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      Map<String, Double> v = new HashMap<>();
      double trough = (troughMb.applyAsDouble(s) + noise.nextGaussian() * 0.3) * MB;
      v.put("jmx.heap.used.bytes", trough + (s % 3) * 10 * MB);
      v.put("jmx.heap.max.bytes", 96 * MB);
      if (s % 3 == 0) {
        v.put("jmx.heap.afterGc.bytes", trough);
      }
      v.put("jmx.threads.live", threads.applyAsDouble(s));
      v.put("jmx.fd.open", 120.0);
      samples.add(new Sample(1_000_000L + s * 1000L, "measured", v));
    }
    return samples;
  }

  private static LeakReport analyse(List<Sample> samples) {
    return LeakAnalysis.analyse(samples, null, List.of(), 1500, SETTINGS);
  }

  @Test
  void sawtoothWithRisingTroughsIsALeak() {
    // +0.3 MB/s = ~1000 MB/h, like heap-leak at 1500 msg/s
    LeakReport r = analyse(run(90, s -> 30 + 0.3 * s, s -> 40));

    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.heap().slopeMbPerHour()).isBetween(900.0, 1250.0);
    assertThat(r.heap().lowerMbPerHour()).isLessThan(r.heap().slopeMbPerHour());
    assertThat(r.heap().upperMbPerHour()).isGreaterThan(r.heap().slopeMbPerHour());
    assertThat(r.heap().bytesPer1000Messages()).isBetween(150_000.0, 250_000.0);
    assertThat(r.heap().hoursToOom()).isBetween(0.01, 0.1);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.assertions().get(0).passed()).isFalse();
    assertThat(r.line()).startsWith("Leak: LEAK heap +");
  }

  @Test
  void flatSawtoothIsStable() {
    LeakReport r = analyse(run(90, s -> 30, s -> 40));

    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.threads().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.assertions().get(0).passed()).isTrue();
  }

  @Test
  void growthThatLevelsOffIsNotALeak() {
    // a bounded cache: +0.5 MB/s for 40 s, then full
    LeakReport r = analyse(run(90, s -> 30 + 0.5 * Math.min(s, 40), s -> 40));

    assertThat(r.heap().lowerMbPerHour()).isGreaterThan(SETTINGS.maxHeapSlopeMbPerHour());
    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.heap().reason()).contains("plateau");
  }

  @Test
  void tooFewCyclesIsInconclusiveNotStable() {
    LeakReport r = analyse(run(20, s -> 30 + 0.3 * s, s -> 40));

    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
    assertThat(r.heap().reason()).contains("7 GC cycles").contains("10 needed");
    assertThat(r.verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
    assertThat(r.assertions().get(0).passed()).as("INCONCLUSIVE does not fail the run").isTrue();
  }

  @Test
  void risingTroughsThatAForcedGcClearsAreNotALeak() {
    List<Sample> samples = run(90, s -> 30 + 0.3 * s, s -> 40);
    LeakReport r =
        LeakAnalysis.analyse(
            samples,
            new LeakAnalysis.ResidualInput((long) (30 * MB), (long) (30.5 * MB)),
            List.of(),
            1500,
            SETTINGS);

    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.residual().agrees()).isFalse();
  }

  @Test
  void aResidualThatStaysConfirmsTheLeak() {
    List<Sample> samples = run(90, s -> 30 + 0.3 * s, s -> 40);
    LeakReport r =
        LeakAnalysis.analyse(
            samples,
            new LeakAnalysis.ResidualInput((long) (30 * MB), (long) (58 * MB)),
            List.of(),
            1500,
            SETTINGS);

    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.residual().agrees()).isTrue();
    assertThat(r.residual().growthMb()).isEqualTo(28.0);
  }

  @Test
  void oldGenCyclesAreUsedWhenThereAreEnough() {
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < 60; s++) {
      Map<String, Double> v = new HashMap<>();
      v.put("jmx.heap.afterGc.bytes", (30 + 0.5 * s) * MB); // promoted garbage piling up
      if (s % 5 == 0) {
        v.put("jmx.oldGen.afterGc.bytes", 20 * MB); // the live set, flat
      }
      samples.add(new Sample(s * 1000L, "measured", v));
    }
    LeakReport r = analyse(samples);

    assertThat(r.heap().basis()).isEqualTo("old-gen cycles");
    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.STABLE);
  }

  @Test
  void threadsThatNeverStopGrowingAreALeak() {
    LeakReport r = analyse(run(90, s -> 30, s -> 40 + s / 2));

    assertThat(r.threads().verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.threads().lastHalfSlopePerMinute()).isBetween(25.0, 35.0);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.LEAK);
  }

  @Test
  void threadsThatGrewOnceThenStayedAreStable() {
    LeakReport r = analyse(run(90, s -> 30, s -> s < 30 ? 40 + s : 70));

    assertThat(r.threads().verdict()).isEqualTo(LeakVerdict.STABLE);
  }

  @Test
  void onlyTheMeasuredPhaseCounts() {
    List<Sample> samples = new ArrayList<>();
    for (Sample s : run(90, x -> 30 + 0.3 * x, x -> 40)) {
      samples.add(new Sample(s.t(), "warm-up", s.values()));
    }
    assertThat(analyse(samples).heap().verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
  }
}
