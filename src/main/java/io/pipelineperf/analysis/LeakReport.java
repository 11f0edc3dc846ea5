package io.pipelineperf.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code leak} section of summary.json: a verdict per signal, the residual, the suspects
 * ({@code growingClasses} from the class histograms; {@code candidates} from the JFR old-object
 * samples, see {@link LeakObjects}: empty when there was no recording).
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
    List<LeakObjects.Candidate> candidates) {

  public LeakReport {
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }

  /** Without JFR candidates. */
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
        List.of());
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
        found);
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
