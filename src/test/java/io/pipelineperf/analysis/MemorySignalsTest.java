package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemorySignalsTest {

  private static final double MB = 1024.0 * 1024.0;

  @Test
  void ratesGrowthsPausesAndTheInjectorTrendOverTheMeasuredPhase() {
    List<Sample> samples = new ArrayList<>();
    samples.add(new Sample(0, "warm-up", Map.of("jmx.alloc.bytes", 0.0)));
    for (int i = 0; i <= 100; i++) {
      Map<String, Double> v = new HashMap<>();
      v.put("jmx.alloc.bytes", 1e9 + i * 50 * MB); // 50 MB/s
      v.put("jmx.metaspace.bytes", 40 * MB + (i == 100 ? 2 * MB : 0));
      v.put("svc.proc.rss.bytes", 300 * MB + i * 0.1 * MB);
      v.put("jmx.gc.timeShare.pct", 1.0);
      if (i % 2 == 0) {
        v.put("jmx.nmt.enabled", 1.0);
        v.put("jmx.nmt.total.committed.bytes", 400 * MB + i * 0.2 * MB);
        v.put("jmx.nmt.nonHeap.committed.bytes", 240 * MB + i * 0.2 * MB);
        v.put("jmx.nmt.signal.committed.bytes", 220 * MB + i * 0.15 * MB);
        v.put("jmx.nmt.JavaHeap.committed.bytes", 160 * MB);
        v.put("jmx.nmt.Other.committed.bytes", 10 * MB + i * 0.15 * MB);
        v.put("jmx.nmt.Code.committed.bytes", 20 * MB + i * 0.05 * MB);
        v.put("jmx.nmt.Thread.committed.bytes", 30 * MB);
      }
      if (i % 10 == 0) {
        v.put("jmx.gc.lastPause.ms", i == 50 ? 40.0 : 5.0);
        v.put("inj.heap.afterGc.bytes", 100 * MB + i * 0.01 * MB); // 36 MB/h
      }
      samples.add(new Sample(1000L + i * 1000L, "measured", v));
    }
    samples.add(new Sample(200_000, "cool-down", Map.of("jmx.alloc.bytes", 9e12)));

    MemorySignals m = MemorySignals.of(samples, 1000);

    assertThat(m.allocationMbPerSecond()).isEqualTo(50.0);
    assertThat(m.gcPausesSampled()).isEqualTo(11);
    assertThat(m.gcPauseP99Ms()).isEqualTo(40.0);
    assertThat(m.gcPauseMaxMs()).isEqualTo(40.0);
    assertThat(m.gcTimeSharePct()).isEqualTo(1.0);
    assertThat(m.metaspaceGrowthMb()).isEqualTo(2.0);
    assertThat(m.rssGrowthMb()).isEqualTo(10.0);
    assertThat(m.directBuffersGrowthMb()).isNull(); // never sampled
    assertThat(m.nativeMemory().enabled()).isTrue();
    assertThat(m.nativeMemory().totalCommittedMb()).isEqualTo(420.0);
    assertThat(m.nativeMemory().nonHeapCommittedMb()).isEqualTo(260.0);
    assertThat(m.nativeMemory().nonHeapGrowthMb()).isEqualTo(20.0);
    assertThat(m.nativeMemory().signalGrowthMb()).isEqualTo(15.0);
    // the JIT's Code is not judged, nor listed
    assertThat(m.nativeMemory().grewCategories())
        .extracting(LeakReport.CategoryGrowth::category)
        .containsExactly("Other");
    assertThat(m.nativeMemory().grewCategories().get(0).growthMb()).isEqualTo(15.0);
    assertThat(m.injectorHeap().points()).isEqualTo(11);
    assertThat(m.injectorHeap().slopeMbPerHour()).isEqualTo(36.0);
    // 10485.76 B/s at 1000 msg/s: about 10.5 bytes per message
    assertThat(m.injectorHeap().bytesPer1000Messages()).isEqualTo(10485.76);
  }

  @Test
  void nothingSampledGivesNulls() {
    MemorySignals m = MemorySignals.of(List.of(new Sample(0, "measured", Map.of())), 1000);
    assertThat(m.allocationMbPerSecond()).isNull();
    assertThat(m.gcPauseP99Ms()).isNull();
    assertThat(m.injectorHeap().slopeMbPerHour()).isNull();
    assertThat(m.nativeMemory().enabled()).isNull();
    assertThat(m.nativeMemory().nonHeapGrowthMb()).isNull();
  }
}
