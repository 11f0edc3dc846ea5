package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.NativeMemory;
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

  /**
   * {@link #run} with a flat heap, plus NMT every 2 s: Java Heap 160 MB, Code as given, Other
   * (where direct buffers land) as given, the rest 60 MB with noise.
   */
  private static List<Sample> nativeRun(
      int seconds, IntToDoubleFunction otherMb, IntToDoubleFunction codeMb) {
    Random noise = new Random(7);
    List<Sample> samples = new ArrayList<>();
    for (Sample s : run(seconds, x -> 30, x -> 40)) {
      int second = (int) ((s.t() - 1_000_000L) / 1000);
      Map<String, Double> v = new HashMap<>(s.values());
      if (second % 2 == 0) {
        double heap = 160 * MB;
        double other = otherMb.applyAsDouble(second) * MB;
        double code = codeMb.applyAsDouble(second) * MB;
        double rest = (60 + noise.nextGaussian() * 0.2) * MB;
        v.put("jmx.nmt.enabled", 1.0);
        v.put("jmx.nmt.JavaHeap.committed.bytes", heap);
        v.put("jmx.nmt.Other.committed.bytes", other);
        v.put("jmx.nmt.Code.committed.bytes", code);
        v.put("jmx.nmt.total.committed.bytes", heap + other + code + rest);
        v.put("jmx.nmt.nonHeap.committed.bytes", other + code + rest);
        v.put("jmx.nmt.signal.committed.bytes", other + rest); // JIT code aside
      }
      samples.add(new Sample(s.t(), s.phase(), v));
    }
    return samples;
  }

  @Test
  void nativeMemoryThatKeepsGrowingIsALeakNamedByItsCategory() {
    // +1.5 MB/s = 5400 MB/h: native-leak at 1 KiB per message, 1500 msg/s
    LeakReport r = analyse(nativeRun(60, s -> 4 + 1.5 * s, s -> 20));

    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.nativeMemory().points()).isEqualTo(30);
    assertThat(r.nativeMemory().slopeMbPerHour()).isBetween(5200.0, 5600.0);
    assertThat(r.nativeMemory().lowerMbPerHour()).isGreaterThan(5000.0);
    assertThat(r.nativeMemory().grewCategories().get(0).category()).isEqualTo("Other");
    assertThat(r.nativeMemory().grewCategories().get(0).growthMb()).isBetween(85.0, 90.0);
    assertThat(r.nativeMemory().bytesPer1000Messages()).isBetween(1.0e6, 1.1e6);
    assertThat(r.heap().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.assertions().get(0).passed()).isFalse();
    assertThat(r.assertions().get(0).description()).contains("native memory LEAK");
    assertThat(r.line()).contains("native LEAK (+").contains("Other +");
  }

  @Test
  void nativeMemoryThatGrewThenLevelledOffIsStable() {
    // NIO's per-thread buffer caches after the warm-up: +1 MB/s for 60 s, then flat
    LeakReport r = analyse(nativeRun(90, s -> 4 + Math.min(s, 60), s -> 20));

    assertThat(r.nativeMemory().lowerMbPerHour()).isGreaterThan(SETTINGS.maxNativeSlopeMbPerHour());
    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.nativeMemory().reason()).contains("plateau");
    assertThat(r.verdict()).isEqualTo(LeakVerdict.STABLE);
  }

  @Test
  void flatNativeMemoryIsStableAndJitCodeIsNotJudged() {
    // the JIT's code grows by 1 MB/s: not a category the native signal judges
    LeakReport r = analyse(nativeRun(60, s -> 4, s -> 20 + s));

    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.nativeMemory().grewCategories()).isEmpty();
    assertThat(r.line()).contains("native STABLE");
  }

  @Test
  void nativeGrowthTheDiffAfterTheDrainDoesNotHoldIsStable() {
    List<Sample> samples = nativeRun(60, s -> 4 + 1.5 * s, s -> 20);
    NativeMemory gaveBack =
        NativeMemory.parseDiff(
                "Total: reserved=900000KB +1024KB, committed=300000KB +1024KB\n"
                    + "-                 Java Heap (reserved=163840KB, committed=163840KB)\n"
                    + "-                     Other (reserved=5120KB +1024KB, committed=5120KB"
                    + " +1024KB)\n")
            .orElseThrow();
    LeakReport r = LeakAnalysis.analyse(samples, null, gaveBack, List.of(), 1500, SETTINGS);

    assertThat(r.nativeMemory().residualMb()).isEqualTo(1.0);
    assertThat(r.nativeMemory().residualAgrees()).isFalse();
    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.nativeMemory().grewCategories().get(0).basis()).isEqualTo("summary.diff");
  }

  @Test
  void aDiffThatKeepsTheGrowthConfirmsTheNativeLeak() {
    List<Sample> samples = nativeRun(60, s -> 4 + 1.5 * s, s -> 20);
    NativeMemory kept =
        NativeMemory.parseDiff(
                "Total: reserved=900000KB +92160KB, committed=390000KB +92160KB\n"
                    + "-                 Java Heap (reserved=163840KB, committed=163840KB)\n"
                    + "-                     Other (reserved=96256KB +92160KB, committed=96256KB"
                    + " +92160KB)\n")
            .orElseThrow();
    LeakReport r = LeakAnalysis.analyse(samples, null, kept, List.of(), 1500, SETTINGS);

    assertThat(r.nativeMemory().residualMb()).isEqualTo(90.0);
    assertThat(r.nativeMemory().residualAgrees()).isTrue();
    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.nativeMemory().reason()).contains("stays after the drain").contains("Other");
  }

  @Test
  void aJvmWithoutNmtIsInconclusiveOnNativeMemoryAndSaysHowToStartIt() {
    List<Sample> samples = new ArrayList<>();
    for (Sample s : run(60, x -> 30, x -> 40)) {
      Map<String, Double> v = new HashMap<>(s.values());
      v.put("jmx.nmt.enabled", 0.0);
      samples.add(new Sample(s.t(), s.phase(), v));
    }
    LeakReport r = analyse(samples);

    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
    assertThat(r.nativeMemory().reason())
        .isEqualTo("NMT not enabled (start the JVM with -XX:NativeMemoryTracking=summary)");
    // the heap decides whether the run is INCONCLUSIVE, not a signal the JVM cannot give
    assertThat(r.verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.line()).contains("native INCONCLUSIVE [NMT not enabled");
  }

  @Test
  void tooFewNativeSamplesAreInconclusive() {
    LeakReport r = analyse(nativeRun(15, s -> 4 + 1.5 * s, s -> 20));

    assertThat(r.nativeMemory().verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
    assertThat(r.nativeMemory().reason()).contains("8 native-memory samples").contains("10 needed");
  }
}
