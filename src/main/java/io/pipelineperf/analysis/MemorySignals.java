package io.pipelineperf.analysis;

import io.pipelineperf.monitor.NativeMemorySampler;
import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code memory} section of summary.json: what the memory of the service and of the load
 * generator did over the measured phase, beside the leak verdict (reported, not judged): the
 * service's allocation rate, its GC pauses (as sampled: the latest GC at each tick) and GC time
 * share, the growth of metaspace, direct and mapped buffers and resident memory, the native memory
 * NMT tracks ({@code nativeMemory}), and the trend of the load generator's own heap after GC. The
 * load generator keeps a ledger entry for every message by design, so its heap rises with the
 * messages sent: the trend says how long a soak it can hold, in bytes per 1000 messages.
 */
public record MemorySignals(
    Double allocationMbPerSecond,
    Integer gcPausesSampled,
    Double gcPauseP99Ms,
    Double gcPauseMaxMs,
    Double gcTimeSharePct,
    Double metaspaceGrowthMb,
    Double directBuffersGrowthMb,
    Double mappedBuffersGrowthMb,
    Double rssGrowthMb,
    NativeMemory nativeMemory,
    InjectorHeap injectorHeap) {

  /**
   * NMT's committed memory over the measured phase ({@code jmx.nmt.*}): {@code enabled} false for a
   * JVM without {@code -XX:NativeMemoryTracking} (null: not sampled), the total and the part
   * outside the Java heap at the end, the latter's growth from the first to the last sample, the
   * growth of the leak check's native signal (outside the heap, the JIT, JFR and NMT itself) and
   * the judged categories that grew most.
   */
  public record NativeMemory(
      Boolean enabled,
      Double totalCommittedMb,
      Double nonHeapCommittedMb,
      Double nonHeapGrowthMb,
      Double signalGrowthMb,
      List<LeakReport.CategoryGrowth> grewCategories) {}

  /**
   * Theil–Sen slope of the load generator's heap after GC with Sen's 95 % interval; null fields
   * when fewer than 3 GCs were seen.
   */
  public record InjectorHeap(
      int points,
      Double slopeMbPerHour,
      Double lowerMbPerHour,
      Double upperMbPerHour,
      Double bytesPer1000Messages) {}

  private static final double MB = 1024.0 * 1024.0;

  public static MemorySignals of(List<Sample> samples, double messagesPerSecond) {
    List<Sample> measured = samples.stream().filter(s -> "measured".equals(s.phase())).toList();
    double seconds =
        measured.size() < 2
            ? 0
            : (measured.get(measured.size() - 1).t() - measured.get(0).t()) / 1000.0;
    Double allocated = growth(measured, "jmx.alloc.bytes");
    double[] pauses = values(measured, "jmx.gc.lastPause.ms");
    Arrays.sort(pauses);
    return new MemorySignals(
        allocated == null || seconds <= 0 ? null : round(allocated / MB / seconds),
        pauses.length,
        pauses.length == 0 ? null : pauses[(int) Math.ceil(0.99 * pauses.length) - 1],
        pauses.length == 0 ? null : pauses[pauses.length - 1],
        mean(measured, "jmx.gc.timeShare.pct"),
        mb(growth(measured, "jmx.metaspace.bytes")),
        mb(growth(measured, "jmx.buffer.direct.bytes")),
        mb(growth(measured, "jmx.buffer.mapped.bytes")),
        mb(growth(measured, "svc.proc.rss.bytes")),
        nativeMemory(samples, measured),
        injectorHeap(measured, messagesPerSecond));
  }

  private static NativeMemory nativeMemory(List<Sample> all, List<Sample> measured) {
    Boolean enabled = null;
    for (Sample s : all) {
      Double e = s.get(NativeMemorySampler.ENABLED_KEY);
      if (e != null) {
        enabled = e > 0;
      }
    }
    double[] total = values(measured, NativeMemorySampler.TOTAL_KEY);
    double[] nonHeap = values(measured, NativeMemorySampler.NON_HEAP_KEY);
    return new NativeMemory(
        enabled,
        total.length == 0 ? null : round(total[total.length - 1] / MB),
        nonHeap.length == 0 ? null : round(nonHeap[nonHeap.length - 1] / MB),
        mb(growth(measured, NativeMemorySampler.NON_HEAP_KEY)),
        mb(growth(measured, NativeMemorySampler.SIGNAL_KEY)),
        LeakAnalysis.grownCategories(measured, null).stream()
            .map(
                g ->
                    new LeakReport.CategoryGrowth(
                        g.category(), round(g.growthMb()), round(g.committedMb()), g.basis()))
            .toList());
  }

  private static InjectorHeap injectorHeap(List<Sample> measured, double messagesPerSecond) {
    List<double[]> points = new ArrayList<>();
    for (Sample s : measured) {
      Double v = s.get("inj.heap.afterGc.bytes");
      if (v != null) {
        points.add(new double[] {s.t() / 1000.0, v});
      }
    }
    if (points.size() < 3) {
      return new InjectorHeap(points.size(), null, null, null, null);
    }
    double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
    TheilSen.Estimate fit = TheilSen.fit(x, y);
    return new InjectorHeap(
        points.size(),
        round(fit.slope() * 3600 / MB),
        round(fit.lower() * 3600 / MB),
        round(fit.upper() * 3600 / MB),
        messagesPerSecond > 0 ? round(fit.slope() / messagesPerSecond * 1000) : null);
  }

  /** Last minus first value of a series over the samples, null when it has fewer than two. */
  private static Double growth(List<Sample> samples, String key) {
    double[] v = values(samples, key);
    return v.length < 2 ? null : v[v.length - 1] - v[0];
  }

  private static double[] values(List<Sample> samples, String key) {
    return samples.stream()
        .map(s -> s.get(key))
        .filter(v -> v != null)
        .mapToDouble(v -> v)
        .toArray();
  }

  private static Double mean(List<Sample> samples, String key) {
    double[] v = values(samples, key);
    return v.length == 0 ? null : round(Arrays.stream(v).average().orElse(0));
  }

  private static Double mb(Double bytes) {
    return bytes == null ? null : round(bytes / MB);
  }

  private static Double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
