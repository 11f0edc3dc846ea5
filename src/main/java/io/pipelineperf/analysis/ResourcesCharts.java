package io.pipelineperf.analysis;

import io.pipelineperf.monitor.ResourcesSummary;
import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Turns a run's samples (and the optional throughput series) into the charts of the page. */
final class ResourcesCharts {

  private static final double MB = 1024.0 * 1024.0;
  private static final String[] PHASE_COLORS = {
    "rgba(120,120,120,0.10)",
    "rgba(255,193,7,0.16)",
    "rgba(33,150,243,0.12)",
    "rgba(76,175,80,0.14)",
    "rgba(156,39,176,0.12)",
    "rgba(244,67,54,0.14)",
    "rgba(0,150,136,0.14)",
    "rgba(121,85,72,0.14)"
  };

  static final String BLUE = "#1f77b4";
  static final String ORANGE = "#ff7f0e";
  static final String GREEN = "#2ca02c";
  static final String RED = "#d62728";
  static final String PURPLE = "#9467bd";
  static final String BROWN = "#8c564b";
  static final String PINK = "#e377c2";
  static final String GRAY = "#7f7f7f";
  static final String OLIVE = "#bcbd22";
  static final String CYAN = "#17becf";

  private ResourcesCharts() {}

  /** Fault windows: a stronger red than any phase, so they stand out on top of the phases. */
  static final String FAULT_COLOR = "rgba(214,39,40,0.22)";

  static ChartData build(String title, List<Sample> samples, List<ThroughputPoint> throughput) {
    return build(title, samples, throughput, FaultOverlay.none());
  }

  static ChartData build(
      String title, List<Sample> samples, List<ThroughputPoint> throughput, FaultOverlay faults) {
    return build(title, samples, throughput, faults, null);
  }

  /** With the leak panel ({@link LeakPanelCharts}) when {@code leak} is not null. */
  static ChartData build(
      String title,
      List<Sample> samples,
      List<ThroughputPoint> throughput,
      FaultOverlay faults,
      LeakReport leak) {
    List<ChartData.Chart> charts = new ArrayList<>();
    addIfDrawn(charts, load(samples, throughput));
    addIfDrawn(charts, inFlight(faults));
    addIfDrawn(charts, cpu(samples));
    addIfDrawn(charts, memory(samples));
    addIfDrawn(charts, pool(samples));
    addIfDrawn(charts, database(samples));
    List<ChartData.Phase> bands = new ArrayList<>(phases(samples));
    for (FaultOverlay.Window w : faults.windows()) {
      bands.add(new ChartData.Phase("fault: " + w.faultId(), w.fromMs(), w.toMs(), FAULT_COLOR));
    }
    return new ChartData(
        title,
        subtitle(samples),
        tiles(ResourcesSummary.of(samples)),
        bands,
        charts,
        leak == null ? null : LeakPanelCharts.build(samples, leak));
  }

  private static ChartData.Chart inFlight(FaultOverlay faults) {
    List<Long> x = faults.inFlight().stream().map(FaultOverlay.Count::t).toList();
    List<Double> values = faults.inFlight().stream().map(c -> (double) c.value()).toList();
    return chart(
        "inflight",
        "Acknowledged but not yet processed (must fall back to zero after each fault)",
        x,
        List.of(new ChartData.Series("in flight (messages)", RED, "messages", values, false)),
        Map.of());
  }

  private static ChartData.Chart load(List<Sample> samples, List<ThroughputPoint> throughput) {
    TreeSet<Long> times = new TreeSet<>();
    samples.forEach(s -> times.add(s.t()));
    throughput.forEach(p -> times.add(p.t()));
    List<Long> x = new ArrayList<>(times);
    Map<Long, ThroughputPoint> byTime = new TreeMap<>();
    throughput.forEach(p -> byTime.put(p.t(), p));
    Map<Long, Sample> sampleAt = new TreeMap<>();
    samples.forEach(s -> sampleAt.put(s.t(), s));
    Map<Long, Double> input = perSecond(samples, "lag.endOffsets");

    List<ChartData.Series> series = new ArrayList<>();
    series.add(aligned("sent msg/s (load)", BLUE, "msg/s", x, t -> rate(byTime.get(t)), true));
    series.add(aligned("topic input msg/s", CYAN, "msg/s", x, input::get, true));
    series.add(aligned("e2e p95 ms", ORANGE, "ms", x, t -> p95(byTime.get(t)), true));
    series.add(
        aligned(
            "consumer lag (messages)",
            PURPLE,
            "messages",
            x,
            t -> value(sampleAt.get(t), "lag.total"),
            true));
    return chart("load", "Throughput, end-to-end p95 and consumer lag", x, series, Map.of());
  }

  private static ChartData.Chart cpu(List<Sample> samples) {
    List<Long> x = times(samples);
    List<ChartData.Series> series = new ArrayList<>();
    series.add(column("service CPU %", RED, "% of all cores", samples, "svc.cpu.pct"));
    series.add(column("host CPU %", GRAY, "% of all cores", samples, "host.cpu.pct"));
    series.add(column("injector CPU %", GREEN, "% of all cores", samples, "inj.cpu.pct"));
    return chart("cpu", "CPU", x, series, Map.of("% of all cores", new double[] {0, 100}));
  }

  private static ChartData.Chart memory(List<Sample> samples) {
    List<Long> x = times(samples);
    Map<Long, Double> gcMsPerSec = perSecond(samples, "svc.gc.pause.ms");
    List<ChartData.Series> series = new ArrayList<>();
    series.add(scaled("service heap used MB", BLUE, "MB", samples, "svc.heap.used.bytes", MB));
    series.add(
        scaled("service heap committed MB", CYAN, "MB", samples, "svc.heap.committed.bytes", MB));
    series.add(scaled("injector heap used MB", GREEN, "MB", samples, "inj.heap.used.bytes", MB));
    series.add(aligned("service GC pause ms/s", BROWN, "GC ms/s", x, gcMsPerSec::get, false));
    return chart("memory", "Heap and GC", x, series, Map.of());
  }

  private static ChartData.Chart pool(List<Sample> samples) {
    List<Long> x = times(samples);
    List<ChartData.Series> series = new ArrayList<>();
    series.add(column("pool active", BLUE, "connections", samples, "pool.active"));
    series.add(column("pool idle", GREEN, "connections", samples, "pool.idle"));
    series.add(
        column("pool pending (threads waiting)", RED, "connections", samples, "pool.pending"));
    series.add(column("pool max", GRAY, "connections", samples, "pool.max"));
    series.add(column("DB sessions active", OLIVE, "connections", samples, "db.sessions.active"));
    series.add(column("DB lock waits", PINK, "connections", samples, "db.locks.waiting"));
    return chart("pool", "Connection pool and database sessions", x, series, Map.of());
  }

  private static ChartData.Chart database(List<Sample> samples) {
    List<Long> x = times(samples);
    Map<Long, Double> commits = perSecond(samples, "db.xact.commit");
    Map<Long, Double> rollbacks = perSecond(samples, "db.xact.rollback");
    Map<Long, Double> deadlocks = perSecond(samples, "db.deadlocks");
    List<ChartData.Series> series = new ArrayList<>();
    series.add(aligned("DB commits/s", BLUE, "tx/s", x, commits::get, false));
    series.add(aligned("DB rollbacks/s", RED, "errors/s", x, rollbacks::get, false));
    series.add(aligned("DB deadlocks/s", PURPLE, "errors/s", x, deadlocks::get, false));
    return chart("database", "Database transactions", x, series, Map.of());
  }

  static ChartData.Chart chart(
      String id,
      String title,
      List<Long> x,
      List<ChartData.Series> series,
      Map<String, double[]> ranges) {
    List<ChartData.Series> drawn = new ArrayList<>();
    for (ChartData.Series s : series) {
      if (s.values().stream().anyMatch(v -> v != null)) {
        drawn.add(s);
      }
    }
    return new ChartData.Chart(id, title, x, drawn, ranges);
  }

  static void addIfDrawn(List<ChartData.Chart> charts, ChartData.Chart chart) {
    if (!chart.series().isEmpty() && !chart.x().isEmpty()) {
      charts.add(chart);
    }
  }

  static List<Long> times(List<Sample> samples) {
    return samples.stream().map(Sample::t).toList();
  }

  static ChartData.Series column(
      String label, String color, String scale, List<Sample> samples, String key) {
    return scaled(label, color, scale, samples, key, 1);
  }

  private static ChartData.Series scaled(
      String label, String color, String scale, List<Sample> samples, String key, double div) {
    List<Double> values = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      Double v = s.get(key);
      values.add(v == null ? null : round(v / div));
    }
    return new ChartData.Series(label, color, scale, values, false);
  }

  private static ChartData.Series aligned(
      String label,
      String color,
      String scale,
      List<Long> x,
      Function<Long, Double> valueAt,
      boolean spanGaps) {
    List<Double> values = new ArrayList<>(x.size());
    for (Long t : x) {
      Double v = valueAt.apply(t);
      values.add(v == null ? null : round(v));
    }
    return new ChartData.Series(label, color, scale, values, spanGaps);
  }

  /** Per-second growth of a cumulative counter between consecutive samples (restarts: from 0). */
  static Map<Long, Double> perSecond(List<Sample> samples, String key) {
    Map<Long, Double> rates = new LinkedHashMap<>();
    Sample previous = null;
    for (Sample s : samples) {
      Double v = s.get(key);
      if (v == null) {
        continue;
      }
      if (previous != null && s.t() > previous.t()) {
        double before = previous.get(key);
        double grew = v >= before ? v - before : v;
        rates.put(s.t(), grew * 1000.0 / (s.t() - previous.t()));
      }
      previous = s;
    }
    return rates;
  }

  static List<ChartData.Phase> phases(List<Sample> samples) {
    List<ChartData.Phase> phases = new ArrayList<>();
    Map<String, String> colors = new LinkedHashMap<>();
    long interval = samples.size() > 1 ? samples.get(1).t() - samples.get(0).t() : 1000;
    int i = 0;
    while (i < samples.size()) {
      String name = samples.get(i).phase();
      int j = i;
      while (j + 1 < samples.size() && samples.get(j + 1).phase().equals(name)) {
        j++;
      }
      long to = j + 1 < samples.size() ? samples.get(j + 1).t() : samples.get(j).t() + interval;
      String color =
          colors.computeIfAbsent(name, n -> PHASE_COLORS[colors.size() % PHASE_COLORS.length]);
      phases.add(new ChartData.Phase(name, samples.get(i).t(), to, color));
      i = j + 1;
    }
    return phases;
  }

  private static String subtitle(List<Sample> samples) {
    if (samples.isEmpty()) {
      return "no samples";
    }
    long seconds = (samples.get(samples.size() - 1).t() - samples.get(0).t()) / 1000;
    return samples.size()
        + " samples over "
        + seconds
        + " s, from "
        + java.time.Instant.ofEpochMilli(samples.get(0).t());
  }

  static List<ChartData.Tile> tiles(ResourcesSummary s) {
    List<ChartData.Tile> tiles = new ArrayList<>();
    tiles.add(
        new ChartData.Tile("service CPU mean (" + s.cpu().over() + ")", pct(s.cpu().meanPct())));
    tiles.add(new ChartData.Tile("service CPU peak", pct(s.cpu().peakPct())));
    tiles.add(new ChartData.Tile("service heap peak", mb(s.heap().peakUsedBytes())));
    tiles.add(new ChartData.Tile("GC time share", pct(s.gc().timeSharePct())));
    tiles.add(new ChartData.Tile("pool use peak", pct(s.pool().peakUsePct())));
    tiles.add(new ChartData.Tile("pool pending peak", text(s.pool().peakPending())));
    tiles.add(new ChartData.Tile("consumer lag peak", text(s.lag().peak())));
    tiles.add(new ChartData.Tile("lag drained after load", drain(s.lag())));
    tiles.add(new ChartData.Tile("injector CPU peak", pct(s.injector().cpuPeakPct())));
    tiles.add(new ChartData.Tile("host CPU peak", pct(s.host().cpuPeakPct())));
    return tiles;
  }

  private static String drain(ResourcesSummary.Lag lag) {
    if (lag.drained() == null) {
      return "–";
    }
    return lag.drained() ? lag.drainSeconds() + " s" : "not drained";
  }

  private static String pct(Double v) {
    return v == null ? "–" : String.format("%.1f %%", v);
  }

  private static String mb(Long bytes) {
    return bytes == null ? "–" : String.format("%.0f MB", bytes / MB);
  }

  private static String text(Long v) {
    return v == null ? "–" : String.valueOf(v);
  }

  private static Double rate(ThroughputPoint p) {
    return p == null ? null : p.msgsPerSec();
  }

  private static Double p95(ThroughputPoint p) {
    return p == null ? null : p.e2eP95Ms();
  }

  private static Double value(Sample s, String key) {
    return s == null ? null : s.get(key);
  }

  static Double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
