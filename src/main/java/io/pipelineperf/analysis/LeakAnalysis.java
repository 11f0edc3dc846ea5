package io.pipelineperf.analysis;

import io.pipelineperf.monitor.NativeMemory;
import io.pipelineperf.monitor.NativeMemorySampler;
import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The leak verdict of a run from the service's JMX time series ({@code jmx.*}, see {@code
 * JmxSampler}), the residual check and the class histograms.
 *
 * <p><b>Heap.</b> Points: the old generation after each of its collections ({@code
 * jmx.oldGen.afterGc.bytes}) when the measured phase saw at least {@link Settings#minCycles()} of
 * them, since only an old-gen collection shows the live set; otherwise (G1 often runs no mixed
 * cycle in a minute: the old gen fills slowly and a small heap's IHOP is not reached) the heap
 * after each young GC ({@code jmx.heap.afterGc.bytes}, at most one per sample: the troughs of the
 * sawtooth). Young troughs include garbage promoted since the last old-gen cycle, so they may rise
 * on a healthy service; that is why a LEAK also needs the residual check to agree. Slope: Theil–Sen
 * with Sen's 95 % interval (robust to the odd trough that collected more, where least squares is
 * not). A LEAK needs: at least {@code minCycles} points (10: with fewer, Sen's interval spans most
 * of the pairwise slopes — at 10 points ranks 12..34 of 45 — and says nothing), the lower bound
 * above {@code maxHeapSlopeMbPerHour}, the last third of the points still rising (the plateau rule)
 * and, when it was measured, a residual after the drain of at least half the growth the slope
 * predicts.
 *
 * <p><b>Plateau rule.</b> A bounded cache grows, then levels off. Once it is full the last third of
 * the troughs is flat (its Theil–Sen slope at most the limit) and the heap is STABLE although the
 * whole series rose. Before it is full nothing in a heap trend tells a cache from a leak: the run
 * is then LEAK with a projected time to OutOfMemoryError; a longer run (or a soak) shows the
 * plateau.
 *
 * <p><b>Threads, file descriptors, DB sessions.</b> One point per second; LEAK when the last half
 * never went down, ended higher than it started, and its Theil–Sen slope exceeds the tolerance (per
 * minute). DB sessions are the service's sessions in {@code pg_stat_activity} ({@code
 * db.serviceSessions}, see {@code DatabaseSampler}): a pool holds a fixed number, so a count that
 * keeps rising is a connection opened and never closed.
 *
 * <p><b>Native memory.</b> NMT's committed total without the Java heap and the categories the JVM
 * grows for its own ends ({@code jmx.nmt.signal.committed.bytes}: without JIT code and arenas, JFR
 * and NMT itself, see {@code NativeMemory.NOT_JUDGED}; one point every 2 s), judged like the heap:
 * Theil–Sen with Sen's 95 % interval over the measured phase, LEAK when the lower bound exceeds
 * {@code maxNativeSlopeMbPerHour}, the last third still rises (class loading and NIO's per-thread
 * buffer caches grow after the warm-up and level off) and, when {@code VM.native_memory
 * summary.diff} was taken after the drain against a baseline at the start of the measured phase,
 * that residual holds at least half of the predicted growth and {@code minResidualMb}. Fewer than
 * {@value #MIN_NATIVE_POINTS} points: INCONCLUSIVE; a JVM without NMT: INCONCLUSIVE, saying how to
 * start it. The categories that grew (from the diff, else from the first to the last point) are the
 * attribution: a direct-buffer or {@code Unsafe} leak lands in {@code Other}, a thread leak in
 * {@code Thread}.
 */
public final class LeakAnalysis {

  static final double MB = 1024.0 * 1024.0;
  static final String OLD_GEN_KEY = "jmx.oldGen.afterGc.bytes";
  static final String YOUNG_TROUGH_KEY = "jmx.heap.afterGc.bytes";
  static final String DB_SESSIONS_KEY = "db.serviceSessions";
  static final int MAX_POINTS = 1500;

  /** Threads and fds: one sample a second, so 10 s of the measured phase at least. */
  static final int MIN_COUNT_SAMPLES = 10;

  /** Native memory: one point every 2 s by default, so 20 s of the measured phase at least. */
  static final int MIN_NATIVE_POINTS = 10;

  static final String NATIVE_KEY = NativeMemorySampler.SIGNAL_KEY;
  private static final String NMT_PREFIX = "jmx.nmt.";
  private static final String NMT_SUFFIX = ".committed.bytes";

  /** At most this many categories that grew are named. */
  static final int TOP_CATEGORIES = 5;

  /**
   * Thresholds, each a {@code -Dleak.*} property: {@code maxHeapSlopeMbPerHour} (see README for the
   * clean service's measured slope), {@code minCycles}, {@code minResidualMb}, {@code
   * threadsPerMinute}, {@code fdsPerMinute}, {@code sessionsPerMinute}, {@code
   * maxNativeSlopeMbPerHour}.
   */
  public record Settings(
      double maxHeapSlopeMbPerHour,
      int minCycles,
      double minResidualMb,
      double threadsPerMinute,
      double fdsPerMinute,
      double sessionsPerMinute,
      double maxNativeSlopeMbPerHour) {

    public static Settings defaults() {
      return new Settings(
          DEFAULT_MAX_HEAP_SLOPE_MB_PER_HOUR, 10, 4, 1, 1, 1, DEFAULT_MAX_NATIVE_SLOPE_MB_PER_HOUR);
    }

    public static Settings fromSystemProperties() {
      Settings d = defaults();
      return new Settings(
          NumberProperties.nonNegative("leak.maxHeapSlopeMbPerHour", d.maxHeapSlopeMbPerHour()),
          (int) NumberProperties.positive("leak.minCycles", d.minCycles()),
          NumberProperties.nonNegative("leak.minResidualMb", d.minResidualMb()),
          NumberProperties.nonNegative("leak.threadsPerMinute", d.threadsPerMinute()),
          NumberProperties.nonNegative("leak.fdsPerMinute", d.fdsPerMinute()),
          NumberProperties.nonNegative("leak.sessionsPerMinute", d.sessionsPerMinute()),
          NumberProperties.nonNegative(
              "leak.maxNativeSlopeMbPerHour", d.maxNativeSlopeMbPerHour()));
    }
  }

  /** Default heap slope limit, MB/hour; see the README's "Memory leaks" for how it was chosen. */
  public static final double DEFAULT_MAX_HEAP_SLOPE_MB_PER_HOUR = 100;

  /**
   * Default native-memory slope limit, MB/hour: ten times the heap's, because a JVM's own native
   * memory (class loading, NIO's per-thread buffer caches) still grows for minutes after a start;
   * see the README's "Memory leaks" for the clean service's measured slopes. A soak can lower it.
   */
  public static final double DEFAULT_MAX_NATIVE_SLOPE_MB_PER_HOUR = 1000;

  /** Heap used after a forced GC before the load and after the drain, bytes. */
  public record ResidualInput(long baselineBytes, long afterDrainBytes) {}

  private LeakAnalysis() {}

  /** Without an NMT diff: the native signal is judged on its points alone. */
  public static LeakReport analyse(
      List<Sample> samples,
      ResidualInput residual,
      List<ClassHistogram> histograms,
      double messagesPerSecond,
      Settings settings) {
    return analyse(samples, residual, null, histograms, messagesPerSecond, settings);
  }

  /**
   * @param samples the run's samples; only the {@code measured} phase is analysed
   * @param residual null when no forced GC was possible
   * @param nativeDiff NMT's {@code summary.diff} after the drain against a baseline at the start of
   *     the measured phase; null without one
   * @param histograms checkpoints in time order (may be empty)
   * @param messagesPerSecond the measured phase's achieved rate, for bytes per 1000 messages
   */
  public static LeakReport analyse(
      List<Sample> samples,
      ResidualInput residual,
      NativeMemory nativeDiff,
      List<ClassHistogram> histograms,
      double messagesPerSecond,
      Settings settings) {
    List<Sample> measured = samples.stream().filter(s -> "measured".equals(s.phase())).toList();
    double measuredSeconds =
        measured.size() < 2
            ? 0
            : (measured.get(measured.size() - 1).t() - measured.get(0).t()) / 1000.0;
    LeakReport.Heap heap = heap(measured, residual, measuredSeconds, messagesPerSecond, settings);
    LeakReport.Count threads = count(measured, "jmx.threads.live", settings.threadsPerMinute());
    LeakReport.Count fds = count(measured, "jmx.fd.open", settings.fdsPerMinute());
    LeakReport.Count sessions = count(measured, DB_SESSIONS_KEY, settings.sessionsPerMinute());
    LeakReport.Native nativeMemory =
        nativeMemory(samples, measured, nativeDiff, measuredSeconds, messagesPerSecond, settings);
    LeakReport.Residual res = null;
    if (residual != null) {
      double growth = (residual.afterDrainBytes() - residual.baselineBytes()) / MB;
      res =
          new LeakReport.Residual(
              residual.baselineBytes() / MB,
              residual.afterDrainBytes() / MB,
              growth,
              residualAgrees(residual, heap.slopeMbPerHour(), measuredSeconds, settings));
    }
    LeakVerdict overall;
    if (heap.verdict() == LeakVerdict.LEAK
        || threads.verdict() == LeakVerdict.LEAK
        || fds.verdict() == LeakVerdict.LEAK
        || sessions.verdict() == LeakVerdict.LEAK
        || nativeMemory.verdict() == LeakVerdict.LEAK) {
      overall = LeakVerdict.LEAK;
    } else if (heap.verdict() == LeakVerdict.INCONCLUSIVE) {
      overall = LeakVerdict.INCONCLUSIVE;
    } else {
      overall = LeakVerdict.STABLE;
    }
    return new LeakReport(
        overall,
        heap,
        threads,
        fds,
        sessions,
        res,
        ClassHistogram.topGrowth(histograms, 10),
        settings,
        List.of(),
        nativeMemory);
  }

  /**
   * The residual holds at least half of what the slope says grew in the measured phase, and at
   * least {@code minResidualMb} (buffers a client pools under load stay after it).
   */
  private static boolean residualAgrees(
      ResidualInput r, Double slopeMbPerHour, double measuredSeconds, Settings settings) {
    double growthMb = (r.afterDrainBytes() - r.baselineBytes()) / MB;
    double predictedMb = slopeMbPerHour == null ? 0 : slopeMbPerHour * measuredSeconds / 3600;
    return growthMb >= Math.max(settings.minResidualMb(), predictedMb / 2);
  }

  private static LeakReport.Heap heap(
      List<Sample> measured,
      ResidualInput residual,
      double measuredSeconds,
      double messagesPerSecond,
      Settings settings) {
    String basis = "old-gen cycles";
    List<double[]> points = points(measured, OLD_GEN_KEY);
    if (points.size() < settings.minCycles()) {
      basis = "young-GC troughs";
      points = points(measured, YOUNG_TROUGH_KEY);
    }
    if (points.size() < settings.minCycles()) {
      return new LeakReport.Heap(
          LeakVerdict.INCONCLUSIVE,
          basis,
          points.size(),
          null,
          null,
          null,
          null,
          null,
          null,
          points.size()
              + " GC cycles in the measured phase, "
              + settings.minCycles()
              + " needed (-Dleak.minCycles): run longer");
    }
    points = thin(points);
    TheilSen.Estimate all = fit(points);
    double limit = settings.maxHeapSlopeMbPerHour();
    List<double[]> lastThird = points.subList(points.size() * 2 / 3, points.size());
    Double tailSlope = lastThird.size() >= 3 ? perHourMb(fit(lastThird).slope()) : null;
    double lower = perHourMb(all.lower());
    double slope = perHourMb(all.slope());
    LeakVerdict verdict;
    String reason;
    if (lower <= limit) {
      verdict = LeakVerdict.STABLE;
      reason = "lower bound of the slope within the limit " + limit + " MB/h";
    } else if (tailSlope != null && tailSlope <= limit) {
      verdict = LeakVerdict.STABLE;
      reason = "grew, then levelled off: the last third of the points is flat (plateau rule)";
    } else if (residual != null && !residualAgrees(residual, slope, measuredSeconds, settings)) {
      verdict = LeakVerdict.STABLE;
      reason =
          "troughs rose but a forced GC after the drain returned the heap near its baseline:"
              + " garbage awaiting an old-gen collection, not a leak";
    } else {
      verdict = LeakVerdict.LEAK;
      reason =
          "heap after GC rises by at least "
              + Math.round(lower)
              + " MB/h (limit "
              + limit
              + ")"
              + (residual == null ? "; no residual check (no forced GC)" : " and stays after GC");
    }
    Double maxHeap = lastValue(measured, "jmx.heap.max.bytes");
    double lastPoint = points.get(points.size() - 1)[1];
    Double hoursToOom =
        maxHeap == null || all.slope() <= 0 ? null : (maxHeap - lastPoint) / all.slope() / 3600;
    Double per1000 = messagesPerSecond > 0 ? all.slope() / messagesPerSecond * 1000 : null;
    return new LeakReport.Heap(
        verdict,
        basis,
        points.size(),
        slope,
        lower,
        perHourMb(all.upper()),
        tailSlope,
        per1000,
        hoursToOom,
        reason);
  }

  private static LeakReport.Native nativeMemory(
      List<Sample> all,
      List<Sample> measured,
      NativeMemory diff,
      double measuredSeconds,
      double messagesPerSecond,
      Settings settings) {
    List<double[]> points = points(measured, NATIVE_KEY);
    Double residualMb =
        diff == null || diff.signalCommittedDeltaBytes() == null
            ? null
            : diff.signalCommittedDeltaBytes() / MB;
    List<LeakReport.CategoryGrowth> grew = grownCategories(measured, diff);
    if (points.isEmpty()) {
      return LeakReport.Native.inconclusive(
          0,
          residualMb,
          grew,
          nmtOff(all)
              ? NativeMemorySampler.NOT_ENABLED_ADVICE
              : "native memory not sampled (no JMX endpoint, or VM.native_memory not readable)");
    }
    if (points.size() < MIN_NATIVE_POINTS) {
      return LeakReport.Native.inconclusive(
          points.size(),
          residualMb,
          grew,
          points.size()
              + " native-memory samples in the measured phase, "
              + MIN_NATIVE_POINTS
              + " needed (one every -Dmonitor.nmtIntervalMs): run longer");
    }
    points = thin(points);
    TheilSen.Estimate nativeFit = fit(points);
    double limit = settings.maxNativeSlopeMbPerHour();
    List<double[]> lastThird = points.subList(points.size() * 2 / 3, points.size());
    Double tailSlope = lastThird.size() >= 3 ? perHourMb(fit(lastThird).slope()) : null;
    double slope = perHourMb(nativeFit.slope());
    double lower = perHourMb(nativeFit.lower());
    double predictedMb = slope * measuredSeconds / 3600;
    Boolean residualAgrees =
        residualMb == null
            ? null
            : residualMb >= Math.max(settings.minResidualMb(), predictedMb / 2);
    LeakVerdict verdict;
    String reason;
    if (lower <= limit) {
      verdict = LeakVerdict.STABLE;
      reason = "lower bound of the slope within the limit " + limit + " MB/h";
    } else if (tailSlope != null && tailSlope <= limit) {
      verdict = LeakVerdict.STABLE;
      reason = "grew, then levelled off: the last third of the points is flat (plateau rule)";
    } else if (Boolean.FALSE.equals(residualAgrees)) {
      verdict = LeakVerdict.STABLE;
      reason =
          String.format(
              java.util.Locale.ROOT,
              "rose, but after the drain only %+.1f MB stayed against the baseline",
              residualMb);
    } else {
      verdict = LeakVerdict.LEAK;
      reason =
          "native memory rises by at least "
              + Math.round(lower)
              + " MB/h (limit "
              + limit
              + ")"
              + (residualMb == null
                  ? "; no NMT diff after the drain"
                  : " and stays after the drain")
              + (grew.isEmpty() ? "" : ", mostly " + grew.get(0).category());
    }
    return new LeakReport.Native(
        verdict,
        points.size(),
        points.get(0)[1] / MB,
        points.get(points.size() - 1)[1] / MB,
        slope,
        lower,
        perHourMb(nativeFit.upper()),
        tailSlope,
        messagesPerSecond > 0 ? nativeFit.slope() / messagesPerSecond * 1000 : null,
        residualMb,
        residualAgrees,
        grew,
        reason);
  }

  /** The JVM answered that it runs without NMT ({@code jmx.nmt.enabled} 0). */
  private static boolean nmtOff(List<Sample> samples) {
    for (Sample s : samples) {
      Double enabled = s.get(NativeMemorySampler.ENABLED_KEY);
      if (enabled != null && enabled == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The judged NMT categories that grew, most first: from the diff when there is one (baseline to
   * after the drain), else from the first to the last point of the measured phase. Growth under 0.1
   * MB is noise and left out.
   */
  static List<LeakReport.CategoryGrowth> grownCategories(List<Sample> measured, NativeMemory diff) {
    List<LeakReport.CategoryGrowth> grew = new ArrayList<>();
    if (diff != null) {
      for (NativeMemory.Category c : diff.categories().values()) {
        if (!NativeMemory.notJudged(c.name()) && c.committedDeltaBytes() != null) {
          grew.add(
              new LeakReport.CategoryGrowth(
                  c.name(), c.committedDeltaBytes() / MB, c.committedBytes() / MB, "summary.diff"));
        }
      }
    } else {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      for (Sample s : measured) {
        for (String k : s.values().keySet()) {
          if (k.startsWith(NMT_PREFIX) && k.endsWith(NMT_SUFFIX)) {
            keys.add(k);
          }
        }
      }
      for (String k : keys) {
        String category = k.substring(NMT_PREFIX.length(), k.length() - NMT_SUFFIX.length());
        if (NativeMemory.notJudged(category)
            || k.equals(NATIVE_KEY)
            || k.equals(NativeMemorySampler.NON_HEAP_KEY)
            || k.equals(NativeMemorySampler.TOTAL_KEY)) {
          continue;
        }
        Double first = null;
        Double last = null;
        for (Sample s : measured) {
          Double v = s.get(k);
          if (v != null) {
            first = first == null ? v : first;
            last = v;
          }
        }
        if (first != null) {
          grew.add(
              new LeakReport.CategoryGrowth(category, (last - first) / MB, last / MB, "samples"));
        }
      }
    }
    return grew.stream()
        .filter(g -> g.growthMb() >= 0.1)
        .sorted(Comparator.comparingDouble(LeakReport.CategoryGrowth::growthMb).reversed())
        .limit(TOP_CATEGORIES)
        .toList();
  }

  private static LeakReport.Count count(List<Sample> measured, String key, double perMinute) {
    List<double[]> points = points(measured, key);
    if (points.size() < MIN_COUNT_SAMPLES) {
      return new LeakReport.Count(
          LeakVerdict.INCONCLUSIVE,
          points.size(),
          null,
          null,
          null,
          false,
          points.size() + " samples of " + key + ", " + MIN_COUNT_SAMPLES + " needed");
    }
    List<double[]> lastHalf = thin(points.subList(points.size() / 2, points.size()));
    boolean monotonic = true;
    for (int i = 1; i < lastHalf.size(); i++) {
      monotonic &= lastHalf.get(i)[1] >= lastHalf.get(i - 1)[1];
    }
    double first = lastHalf.get(0)[1];
    double last = lastHalf.get(lastHalf.size() - 1)[1];
    double slopePerMinute = fit(lastHalf).slope() * 60;
    boolean leak = monotonic && last > first && slopePerMinute > perMinute;
    return new LeakReport.Count(
        leak ? LeakVerdict.LEAK : LeakVerdict.STABLE,
        points.size(),
        points.get(0)[1],
        last,
        slopePerMinute,
        monotonic,
        leak
            ? "rose in every sample of the last half, " + Math.round(slopePerMinute) + " per minute"
            : "levels off or goes down in the last half");
  }

  /** (seconds since the first sample, value) for every sample that has the key. */
  private static List<double[]> points(List<Sample> samples, String key) {
    List<double[]> points = new ArrayList<>();
    if (samples.isEmpty()) {
      return points;
    }
    long t0 = samples.get(0).t();
    for (Sample s : samples) {
      Double v = s.get(key);
      if (v != null) {
        points.add(new double[] {(s.t() - t0) / 1000.0, v});
      }
    }
    return points;
  }

  /** At most {@link #MAX_POINTS} (a soak's pairs stay cheap): the minimum of each bin. */
  private static List<double[]> thin(List<double[]> points) {
    if (points.size() <= MAX_POINTS) {
      return points;
    }
    List<double[]> thinned = new ArrayList<>();
    double per = points.size() / (double) MAX_POINTS;
    for (int b = 0; b < MAX_POINTS; b++) {
      double[] min = null;
      for (int i = (int) (b * per); i < (int) ((b + 1) * per); i++) {
        if (min == null || points.get(i)[1] < min[1]) {
          min = points.get(i);
        }
      }
      if (min != null) {
        thinned.add(min);
      }
    }
    return thinned;
  }

  private static TheilSen.Estimate fit(List<double[]> points) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return TheilSen.fit(x, y);
  }

  private static double perHourMb(double bytesPerSecond) {
    return bytesPerSecond * 3600 / MB;
  }

  private static Double lastValue(List<Sample> samples, String key) {
    for (int i = samples.size() - 1; i >= 0; i--) {
      Double v = samples.get(i).get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
