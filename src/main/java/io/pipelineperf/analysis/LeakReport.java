package io.pipelineperf.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code leak} section of summary.json: a verdict per signal, the residual, the suspects
 * ({@code growingClasses} from the class histograms; {@code candidates} from the JFR old-object
 * samples, see {@link LeakObjects}: empty when there was no recording) and the native memory
 * outside the heap ({@code nativeMemory}, from NMT).
 */
public record LeakReport(
    LeakVerdict verdict,
    Heap heap,
    Count threads,
    Count fileDescriptors,
    Count dbSessions,
    Residual residual,
    List<ClassHistogram.Growth> growingClasses,
    LeakAnalysis.Settings settings,
    List<LeakObjects.Candidate> candidates,
    Native nativeMemory) {

  public LeakReport {
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    nativeMemory = nativeMemory == null ? Native.notSampled() : nativeMemory;
  }

  /** Without JFR candidates nor native memory. */
  public LeakReport(
      LeakVerdict verdict,
      Heap heap,
      Count threads,
      Count fileDescriptors,
      Count dbSessions,
      Residual residual,
      List<ClassHistogram.Growth> growingClasses,
      LeakAnalysis.Settings settings) {
    this(
        verdict,
        heap,
        threads,
        fileDescriptors,
        dbSessions,
        residual,
        growingClasses,
        settings,
        List.of(),
        null);
  }

  /** The same report with the JFR old-object candidates (null: none). */
  public LeakReport withCandidates(List<LeakObjects.Candidate> found) {
    return new LeakReport(
        verdict,
        heap,
        threads,
        fileDescriptors,
        dbSessions,
        residual,
        growingClasses,
        settings,
        found,
        nativeMemory);
  }

  /**
   * The heap-after-GC trend. {@code basis}: "old-gen cycles" or "young-GC troughs" (see {@link
   * LeakAnalysis}); slopes in MB (MiB) per hour with their 95 % interval; {@code lastThird*}: the
   * slope of the last third of the points, the plateau rule's input.
   */
  public record Heap(
      LeakVerdict verdict,
      String basis,
      int points,
      Double slopeMbPerHour,
      Double lowerMbPerHour,
      Double upperMbPerHour,
      Double lastThirdSlopeMbPerHour,
      Double bytesPer1000Messages,
      Double hoursToOom,
      String reason) {}

  /** A count that must not grow for ever (threads, file descriptors, the service's DB sessions). */
  public record Count(
      LeakVerdict verdict,
      int points,
      Double first,
      Double last,
      Double lastHalfSlopePerMinute,
      boolean lastHalfMonotonic,
      String reason) {}

  /**
   * NMT's committed memory outside the Java heap and the JVM's own categories (the JIT's, JFR's,
   * NMT's: {@code NativeMemory.NOT_JUDGED}) over the measured phase (MB, MB/hour with Sen's 95 %
   * interval, like the heap), {@code residualMb}: its change from the NMT baseline at the start of
   * the measured phase to after the drain ({@code summary.diff}; null without one), {@code
   * residualAgrees}: that change holds at least half the predicted growth; {@code grewCategories}:
   * the NMT categories that grew, most first.
   */
  public record Native(
      LeakVerdict verdict,
      int points,
      Double firstMb,
      Double lastMb,
      Double slopeMbPerHour,
      Double lowerMbPerHour,
      Double upperMbPerHour,
      Double lastThirdSlopeMbPerHour,
      Double bytesPer1000Messages,
      Double residualMb,
      Boolean residualAgrees,
      List<CategoryGrowth> grewCategories,
      String reason) {

    public Native {
      grewCategories = grewCategories == null ? List.of() : List.copyOf(grewCategories);
    }

    static Native inconclusive(
        int points, Double residualMb, List<CategoryGrowth> grew, String reason) {
      return new Native(
          LeakVerdict.INCONCLUSIVE,
          points,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          residualMb,
          null,
          grew,
          reason);
    }

    static Native notSampled() {
      return inconclusive(0, null, List.of(), "native memory not sampled");
    }
  }

  /**
   * One NMT category's growth in MB and its size at the end; {@code basis}: "summary.diff"
   * (baseline to after the drain) or "samples" (first to last of the measured phase).
   */
  public record CategoryGrowth(
      String category, double growthMb, double committedMb, String basis) {}

  /** Heap after a forced GC before the load and after it drained. {@code agrees}: it stayed. */
  public record Residual(double baselineMb, double afterDrainMb, double growthMb, boolean agrees) {}

  /** "no leak": a CHECK (LEAK fails the run; INCONCLUSIVE passes it but is reported). */
  public List<AssertionResult> assertions() {
    List<AssertionResult> list = new ArrayList<>();
    list.add(
        new AssertionResult(
            "no leak (heap after GC"
                + (heap.slopeMbPerHour() == null ? "" : ", MB/hour lower bound")
                + " "
                + heap.verdict()
                + ", threads "
                + threads.verdict()
                + ", file descriptors "
                + fileDescriptors.verdict()
                + ", DB sessions "
                + dbSessions.verdict()
                + ", native memory "
                + nativeMemory.verdict()
                + ")",
            verdict != LeakVerdict.LEAK,
            heap.lowerMbPerHour(),
            settings.maxHeapSlopeMbPerHour()));
    return list;
  }

  /**
   * The application class that grew the most (arrays and JDK classes are what it holds, not what
   * leaks); the top class overall when no application class grew.
   */
  public ClassHistogram.Growth topSuspect() {
    for (ClassHistogram.Growth g : growingClasses) {
      String c = g.className();
      if (!c.startsWith("[") && !c.startsWith("java.") && !c.startsWith("jdk.")) {
        return g;
      }
    }
    return growingClasses.isEmpty() ? null : growingClasses.get(0);
  }

  /** The line printed at the end of the run. */
  public String line() {
    StringBuilder b = new StringBuilder("Leak: ").append(verdict);
    if (heap.slopeMbPerHour() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              " heap %+.1f MB/h [%.1f, %.1f] (%s, %d points)",
              heap.slopeMbPerHour(),
              heap.lowerMbPerHour(),
              heap.upperMbPerHour(),
              heap.basis(),
              heap.points()));
    } else {
      b.append(" heap ").append(heap.verdict()).append(": ").append(heap.reason());
    }
    b.append(": heap ").append(heap.verdict());
    appendCount(b, "threads", threads);
    appendCount(b, "fds", fileDescriptors);
    appendCount(b, "DB sessions", dbSessions);
    appendNative(b, nativeMemory);
    if (residual != null) {
      b.append(String.format(Locale.ROOT, "; residual after drain %+.1f MB", residual.growthMb()));
    }
    ClassHistogram.Growth top = topSuspect();
    if (top != null && heap.verdict() == LeakVerdict.LEAK) {
      b.append(
          String.format(
              Locale.ROOT,
              ", top suspect %s %+.1f MB",
              top.className(),
              top.growthBytes() / LeakAnalysis.MB));
    }
    // also when INCONCLUSIVE: what survives may still point at a leak a longer run would prove
    if (!candidates.isEmpty() && heap.verdict() != LeakVerdict.STABLE) {
      LeakObjects.Candidate c = candidates.get(0);
      b.append(
          String.format(
              Locale.ROOT,
              "; JFR top suspect %s held by %s (%d of %d old-object samples)",
              c.type(),
              c.holder(),
              c.samples(),
              c.ofSamples()));
    }
    return b.toString();
  }

  /**
   * "native STABLE", with a LEAK its slope and the category that grew most: "native LEAK (+5400.0
   * MB/h [5100.0, 5700.0], Other +70.1 MB)", INCONCLUSIVE with why (NMT not enabled, too few
   * points).
   */
  private static void appendNative(StringBuilder b, Native n) {
    b.append(", native ").append(n.verdict());
    if (n.verdict() == LeakVerdict.LEAK && n.slopeMbPerHour() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              " (%+.1f MB/h [%.1f, %.1f]",
              n.slopeMbPerHour(),
              n.lowerMbPerHour(),
              n.upperMbPerHour()));
      if (!n.grewCategories().isEmpty()) {
        CategoryGrowth top = n.grewCategories().get(0);
        b.append(String.format(Locale.ROOT, ", %s %+.1f MB", top.category(), top.growthMb()));
      }
      b.append(')');
    } else if (n.verdict() == LeakVerdict.INCONCLUSIVE) {
      b.append(" [").append(n.reason()).append(']');
    }
  }

  /** "threads STABLE", or with a LEAK its growth: "fds LEAK (+312/min, 118 -> 402)". */
  private static void appendCount(StringBuilder b, String name, Count c) {
    b.append(", ").append(name).append(' ').append(c.verdict());
    if (c.verdict() == LeakVerdict.LEAK && c.lastHalfSlopePerMinute() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              " (%+.0f/min, %.0f -> %.0f)",
              c.lastHalfSlopePerMinute(),
              c.first(),
              c.last()));
    }
  }
}
