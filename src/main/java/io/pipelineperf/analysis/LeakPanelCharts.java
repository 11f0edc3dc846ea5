package io.pipelineperf.analysis;

import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resources page's leak panel from a run's {@link LeakReport}: the heap-after-GC points the
 * verdict rests on with the Theil–Sen line and the band of Sen's 95 % slope interval (both lines
 * through the fit's middle), the forced-GC heap at the baseline and after the drain (the residual);
 * native memory outside the heap (NMT) with its own line and band and the categories that grew;
 * threads, file descriptors and database sessions over the run; tables of the verdicts, the growing
 * classes, the NMT categories that grew and the JFR leak candidates.
 */
final class LeakPanelCharts {

  private static final double MB = LeakAnalysis.MB;

  private LeakPanelCharts() {}

  static ChartData.LeakPanel build(List<Sample> samples, LeakReport leak) {
    List<ChartData.Chart> charts = new ArrayList<>();
    ResourcesCharts.addIfDrawn(charts, heap(samples, leak));
    ResourcesCharts.addIfDrawn(charts, nativeMemory(samples, leak.nativeMemory()));
    ResourcesCharts.addIfDrawn(charts, counts(samples));
    List<ChartData.Table> tables = new ArrayList<>();
    tables.add(verdicts(leak));
    if (!leak.growingClasses().isEmpty()) {
      tables.add(growingClasses(leak.growingClasses()));
    }
    if (!leak.nativeMemory().grewCategories().isEmpty()) {
      tables.add(nativeCategories(leak.nativeMemory().grewCategories()));
    }
    if (!leak.candidates().isEmpty()) {
      tables.add(candidates(leak.candidates()));
    }
    return new ChartData.LeakPanel(leak.line(), tiles(leak), charts, tables);
  }

  private static ChartData.Chart heap(List<Sample> samples, LeakReport leak) {
    List<Sample> measured = samples.stream().filter(s -> "measured".equals(s.phase())).toList();
    if (measured.isEmpty()) {
      return ResourcesCharts.chart("leak-heap", "", List.of(), List.of(), Map.of());
    }
    LeakReport.Heap h = leak.heap();
    String key =
        "old-gen cycles".equals(h.basis())
            ? LeakAnalysis.OLD_GEN_KEY
            : LeakAnalysis.YOUNG_TROUGH_KEY;
    long t0 = measured.get(0).t();
    long measuredEnd = measured.get(measured.size() - 1).t();
    long last = samples.get(samples.size() - 1).t();
    List<Long> x = ResourcesCharts.times(samples.stream().filter(s -> s.t() >= t0).toList());

    Map<Long, Double> heapAfterGc = new HashMap<>();
    measured.forEach(
        s -> {
          if (s.get(key) != null) {
            heapAfterGc.put(s.t(), s.get(key));
          }
        });
    List<Double> points = new ArrayList<>();
    List<double[]> fitInput = new ArrayList<>();
    for (Long t : x) {
      Double v = heapAfterGc.get(t);
      points.add(v == null ? null : ResourcesCharts.round(v / MB));
      if (v != null) {
        fitInput.add(new double[] {(t - t0) / 1000.0, v / MB});
      }
    }
    List<ChartData.Series> series = new ArrayList<>();
    series.add(
        new ChartData.Series(
            "heap after GC MB (" + h.basis() + ")",
            ResourcesCharts.BLUE,
            "MB",
            points,
            false,
            "points"));
    if (h.slopeMbPerHour() != null && !fitInput.isEmpty()) {
      double slope = h.slopeMbPerHour() / 3600; // MB per second
      double intercept = intercept(fitInput, slope);
      double midX = median(fitInput.stream().mapToDouble(p -> p[0]).toArray());
      double midY = intercept + slope * midX;
      series.add(
          line(
              String.format(Locale.ROOT, "Theil–Sen %+.1f MB/h", h.slopeMbPerHour()),
              ResourcesCharts.RED,
              "line",
              x,
              t0,
              measuredEnd,
              s -> intercept + slope * s));
      // the lines of the interval's two slopes cross at the fit's middle: the band is the area
      // between them (a bow tie), its edges the larger and the smaller of the two at each time
      double upper = h.upperMbPerHour() / 3600;
      double lower = h.lowerMbPerHour() / 3600;
      String band =
          String.format(
              Locale.ROOT,
              "95 %% band (slopes %+.1f to %+.1f MB/h)",
              h.lowerMbPerHour(),
              h.upperMbPerHour());
      addBand(series, band, x, t0, measuredEnd, midX, midY, upper, lower);
    }
    if (leak.residual() != null) {
      List<Double> residual = new ArrayList<>();
      for (Long t : x) {
        residual.add(
            t == t0
                ? ResourcesCharts.round(leak.residual().baselineMb())
                : t == last ? ResourcesCharts.round(leak.residual().afterDrainMb()) : null);
      }
      series.add(
          new ChartData.Series(
              String.format(
                  Locale.ROOT,
                  "forced-GC heap MB: baseline, after drain (residual %+.1f MB)",
                  leak.residual().growthMb()),
              ResourcesCharts.PURPLE,
              "MB",
              residual,
              false,
              "points"));
    }
    return ResourcesCharts.chart(
        "leak-heap",
        "Heap after GC in the measured phase, the fitted trend and its 95 % band",
        x,
        series,
        Map.of());
  }

  /**
   * NMT's committed memory outside the heap in the measured phase (one point per NMT sample), its
   * Theil–Sen line and band as for the heap, and the categories that grew most, as lines.
   */
  private static ChartData.Chart nativeMemory(List<Sample> samples, LeakReport.Native n) {
    List<Sample> measured = samples.stream().filter(s -> "measured".equals(s.phase())).toList();
    if (measured.isEmpty() || n.points() == 0) {
      return ResourcesCharts.chart("leak-native", "", List.of(), List.of(), Map.of());
    }
    long t0 = measured.get(0).t();
    long measuredEnd = measured.get(measured.size() - 1).t();
    List<Sample> shown = samples.stream().filter(s -> s.t() >= t0).toList();
    List<Long> x = ResourcesCharts.times(shown);
    List<Double> points = new ArrayList<>();
    List<double[]> fitInput = new ArrayList<>();
    for (Sample s : shown) {
      Double v = s.get(LeakAnalysis.NATIVE_KEY);
      points.add(v == null ? null : ResourcesCharts.round(v / MB));
      if (v != null && s.t() <= measuredEnd) {
        fitInput.add(new double[] {(s.t() - t0) / 1000.0, v / MB});
      }
    }
    List<ChartData.Series> series = new ArrayList<>();
    series.add(
        new ChartData.Series(
            "native memory MB (NMT committed outside the heap and the JIT)",
            ResourcesCharts.BLUE,
            "MB",
            points,
            false,
            "points"));
    if (n.slopeMbPerHour() != null && !fitInput.isEmpty()) {
      double slope = n.slopeMbPerHour() / 3600;
      double intercept = intercept(fitInput, slope);
      double midX = median(fitInput.stream().mapToDouble(p -> p[0]).toArray());
      double midY = intercept + slope * midX;
      double upper = n.upperMbPerHour() / 3600;
      double lower = n.lowerMbPerHour() / 3600;
      String band =
          String.format(
              Locale.ROOT,
              "95 %% band (slopes %+.1f to %+.1f MB/h)",
              n.lowerMbPerHour(),
              n.upperMbPerHour());
      series.add(
          line(
              String.format(Locale.ROOT, "Theil–Sen %+.1f MB/h", n.slopeMbPerHour()),
              ResourcesCharts.RED,
              "line",
              x,
              t0,
              measuredEnd,
              s -> intercept + slope * s));
      addBand(series, band, x, t0, measuredEnd, midX, midY, upper, lower);
    }
    String[] colors = {ResourcesCharts.GREEN, ResourcesCharts.BROWN, ResourcesCharts.PURPLE};
    for (int i = 0; i < Math.min(colors.length, n.grewCategories().size()); i++) {
      String category = n.grewCategories().get(i).category();
      String key =
          "jmx.nmt." + io.pipelineperf.monitor.NativeMemory.key(category) + ".committed.bytes";
      List<Double> values = new ArrayList<>();
      for (Sample s : shown) {
        Double v = s.get(key);
        values.add(v == null ? null : ResourcesCharts.round(v / MB));
      }
      series.add(new ChartData.Series("NMT " + category + " MB", colors[i], "MB", values, true));
    }
    return ResourcesCharts.chart(
        "leak-native",
        "Native memory outside the Java heap and the JIT (NMT committed), the fitted trend and its 95 % band",
        x,
        series,
        Map.of());
  }

  private interface Line {
    double at(double secondsSinceMeasuredStart);
  }

  /** The 95 % band's edges: lines through the fit's centre with the lower and upper slope. */
  private static void addBand(
      List<ChartData.Series> series,
      String band,
      List<Long> x,
      long t0,
      long end,
      double midX,
      double midY,
      double upper,
      double lower) {
    series.add(
        line(
            band + ", upper edge",
            ResourcesCharts.ORANGE,
            "bandUpper",
            x,
            t0,
            end,
            s -> midY + Math.max(upper * (s - midX), lower * (s - midX))));
    series.add(
        line(
            band + ", lower edge",
            ResourcesCharts.ORANGE,
            "bandLower",
            x,
            t0,
            end,
            s -> midY + Math.min(upper * (s - midX), lower * (s - midX))));
  }

  private static ChartData.Series line(
      String label, String color, String style, List<Long> x, long t0, long end, Line f) {
    List<Double> values = new ArrayList<>(x.size());
    for (Long t : x) {
      values.add(t > end ? null : ResourcesCharts.round(f.at((t - t0) / 1000.0)));
    }
    return new ChartData.Series(label, color, "MB", values, false, style);
  }

  private static ChartData.Chart counts(List<Sample> samples) {
    List<ChartData.Series> series = new ArrayList<>();
    series.add(
        ResourcesCharts.column(
            "service threads", ResourcesCharts.GREEN, "threads", samples, "jmx.threads.live"));
    series.add(
        ResourcesCharts.column(
            "service open fds", ResourcesCharts.BROWN, "fds", samples, "jmx.fd.open"));
    series.add(
        ResourcesCharts.column(
            "DB sessions", ResourcesCharts.OLIVE, "sessions", samples, "db.sessions.total"));
    return ResourcesCharts.chart(
        "leak-counts",
        "Threads, file descriptors and database sessions (must not grow for ever)",
        ResourcesCharts.times(samples),
        series,
        Map.of());
  }

  private static List<ChartData.Tile> tiles(LeakReport leak) {
    LeakReport.Heap h = leak.heap();
    List<ChartData.Tile> tiles = new ArrayList<>();
    tiles.add(new ChartData.Tile("leak verdict", String.valueOf(leak.verdict())));
    tiles.add(
        new ChartData.Tile(
            "heap slope MB/h [95 %]",
            h.slopeMbPerHour() == null
                ? String.valueOf(h.verdict())
                : String.format(
                    Locale.ROOT,
                    "%+.1f [%.1f, %.1f]",
                    h.slopeMbPerHour(),
                    h.lowerMbPerHour(),
                    h.upperMbPerHour())));
    LeakReport.Native n = leak.nativeMemory();
    if (n.slopeMbPerHour() != null) {
      tiles.add(
          new ChartData.Tile(
              "native slope MB/h [95 %]",
              String.format(
                  Locale.ROOT,
                  "%+.1f [%.1f, %.1f]",
                  n.slopeMbPerHour(),
                  n.lowerMbPerHour(),
                  n.upperMbPerHour())));
    }
    if (leak.residual() != null) {
      tiles.add(
          new ChartData.Tile(
              "residual after drain",
              String.format(Locale.ROOT, "%+.1f MB", leak.residual().growthMb())));
    }
    if (h.hoursToOom() != null) {
      tiles.add(
          new ChartData.Tile(
              "hours to OutOfMemoryError", String.format(Locale.ROOT, "%.2f", h.hoursToOom())));
    }
    if (!leak.candidates().isEmpty()) {
      tiles.add(new ChartData.Tile("JFR top suspect", simpleName(leak.candidates().get(0).type())));
    }
    return tiles;
  }

  private static ChartData.Table verdicts(LeakReport leak) {
    List<List<String>> rows = new ArrayList<>();
    LeakReport.Heap h = leak.heap();
    rows.add(
        List.of(
            "heap after GC",
            String.valueOf(h.verdict()),
            h.slopeMbPerHour() == null
                ? h.points() + " points"
                : String.format(
                    Locale.ROOT, "%+.1f MB/h, %d points", h.slopeMbPerHour(), h.points()),
            text(h.reason())));
    rows.add(nativeRow(leak.nativeMemory()));
    rows.add(count("threads", leak.threads()));
    rows.add(count("file descriptors", leak.fileDescriptors()));
    rows.add(count("DB sessions", leak.dbSessions()));
    if (leak.residual() != null) {
      LeakReport.Residual r = leak.residual();
      rows.add(
          List.of(
              "residual after drain",
              r.agrees() ? "agrees" : "does not agree",
              String.format(
                  Locale.ROOT,
                  "%.1f → %.1f MB (%+.1f)",
                  r.baselineMb(),
                  r.afterDrainMb(),
                  r.growthMb()),
              "heap after a forced GC at the start of the measured phase and after the drain"));
    }
    return new ChartData.Table(
        "leak-verdicts", "Leak signals", List.of("signal", "verdict", "trend", "why"), rows);
  }

  private static List<String> nativeRow(LeakReport.Native n) {
    String trend =
        n.slopeMbPerHour() == null
            ? n.points() + " points"
            : String.format(
                Locale.ROOT,
                "%.1f → %.1f MB, %+.1f MB/h, %d points%s",
                n.firstMb(),
                n.lastMb(),
                n.slopeMbPerHour(),
                n.points(),
                n.residualMb() == null
                    ? ""
                    : String.format(Locale.ROOT, "; after drain %+.1f MB", n.residualMb()));
    return List.of(
        "native memory (NMT, outside the heap and the JIT)",
        String.valueOf(n.verdict()),
        trend,
        text(n.reason()));
  }

  private static ChartData.Table nativeCategories(List<LeakReport.CategoryGrowth> grew) {
    List<List<String>> rows = new ArrayList<>();
    for (LeakReport.CategoryGrowth g : grew) {
      rows.add(
          List.of(
              g.category(),
              String.format(Locale.ROOT, "%+.2f", g.growthMb()),
              String.format(Locale.ROOT, "%.2f", g.committedMb()),
              "summary.diff".equals(g.basis())
                  ? "NMT baseline at the measured start → after the drain"
                  : "first → last sample of the measured phase"));
    }
    return new ChartData.Table(
        "leak-native-categories",
        "Native memory categories that grew (NMT committed; Other: direct buffers and Unsafe)",
        List.of("NMT category", "MB grown", "MB at the end", "over"),
        rows);
  }

  private static List<String> count(String name, LeakReport.Count c) {
    String trend =
        c.lastHalfSlopePerMinute() == null
            ? c.points() + " samples"
            : String.format(
                Locale.ROOT,
                "%s → %s, last half %+.1f/min",
                num(c.first()),
                num(c.last()),
                c.lastHalfSlopePerMinute());
    return List.of(name, String.valueOf(c.verdict()), trend, text(c.reason()));
  }

  private static ChartData.Table growingClasses(List<ClassHistogram.Growth> growth) {
    List<List<String>> rows = new ArrayList<>();
    for (ClassHistogram.Growth g : growth) {
      rows.add(
          List.of(
              g.className(),
              String.format(Locale.ROOT, "%+.2f", g.growthBytes() / MB),
              String.format(Locale.ROOT, "%+d", g.instancesGrowth()),
              String.format(Locale.ROOT, "%.2f → %.2f", g.startBytes() / MB, g.endBytes() / MB),
              g.monotonic() ? "yes" : "no"));
    }
    return new ChartData.Table(
        "leak-classes",
        "Growing classes (GC.class_histogram, first to last checkpoint)",
        List.of("class", "MB grown", "instances grown", "MB", "grew at every checkpoint"),
        rows);
  }

  private static ChartData.Table candidates(List<LeakObjects.Candidate> candidates) {
    List<List<String>> rows = new ArrayList<>();
    for (LeakObjects.Candidate c : candidates) {
      rows.add(
          List.of(
              c.type(),
              c.objectType(),
              c.samples() + " of " + c.ofSamples(),
              c.holder(),
              String.join(" ← ", c.allocationTopFrames()),
              String.join(" ← ", c.chain())));
    }
    return new ChartData.Table(
        "leak-candidates",
        "Leak candidates (JFR old-object samples alive at the end, with their path to a GC root)",
        List.of("owner class", "sampled object", "samples", "held by", "allocated at", "chain"),
        rows);
  }

  /** Median of y - slope·x: the Theil–Sen intercept. */
  private static double intercept(List<double[]> points, double slope) {
    return median(points.stream().mapToDouble(p -> p[1] - slope * p[0]).toArray());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String num(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
