package io.pipelineperf.analysis;

import io.pipelineperf.monitor.Sample;
import io.pipelineperf.monitor.TimeSeriesFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code resources.html} into a run folder: throughput, end-to-end p95 and consumer lag,
 * then CPU, heap/GC, pool and database charts over time, with the phases shaded. Self-contained:
 * the uPlot chart library (from its webjar) and the data are inlined, so it opens offline.
 */
public final class ResourcesPage {

  public static final String FILE_NAME = "resources.html";

  private ResourcesPage() {}

  /** Reads {@code <runDir>/timeseries.jsonl} and writes the page without a throughput series. */
  public static Path write(Path runDir) {
    return write(runDir, TimeSeriesFile.read(runDir), List.of());
  }

  /** Writes {@code <runDir>/resources.html}; throughput may be empty. Returns the file. */
  public static Path write(Path runDir, List<Sample> samples, List<ThroughputPoint> throughput) {
    return write(runDir, samples, throughput, FaultOverlay.none());
  }

  /** As {@link #write(Path, List, List)}, with the fault windows and in-flight series drawn. */
  public static Path write(
      Path runDir, List<Sample> samples, List<ThroughputPoint> throughput, FaultOverlay faults) {
    String title = runDir.toAbsolutePath().normalize().getFileName().toString();
    String html = render(title, samples, throughput == null ? List.of() : throughput, faults);
    return OfflinePage.write(runDir.resolve(FILE_NAME), html);
  }

  /**
   * As {@link #write(Path, List, List, FaultOverlay)}, with the leak panel (heap after GC and its
   * fitted trend, threads and fds, growing classes, JFR leak candidates) when {@code leak} is not
   * null.
   */
  public static Path write(
      Path runDir,
      List<Sample> samples,
      List<ThroughputPoint> throughput,
      FaultOverlay faults,
      LeakReport leak) {
    String title = runDir.toAbsolutePath().normalize().getFileName().toString();
    ChartData data =
        ResourcesCharts.build(
            title, samples, throughput == null ? List.of() : throughput, faults, leak);
    return OfflinePage.write(runDir.resolve(FILE_NAME), render(title, data));
  }

  static String render(String title, List<Sample> samples, List<ThroughputPoint> throughput) {
    return render(title, samples, throughput, FaultOverlay.none());
  }

  static String render(
      String title, List<Sample> samples, List<ThroughputPoint> throughput, FaultOverlay faults) {
    return render(title, ResourcesCharts.build(title, samples, throughput, faults));
  }

  static String render(String title, ChartData data) {
    return OfflinePage.render("io/pipelineperf/analysis/resources-page.html", title, data);
  }
}
