package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.Phases;
import io.pipelineperf.monitor.Sample;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcesPageTest {

  private static final long T0 = 1_800_000_000_000L;

  /** 60 s: 10 warm-up, 35 measured, 15 cool-down, every metric the page charts. */
  static List<Sample> run() {
    List<Sample> samples = new ArrayList<>();
    double offsets = 0;
    double gcMs = 0;
    double commits = 0;
    for (int i = 0; i < 60; i++) {
      String phase = i < 10 ? Phases.WARM_UP : i < 45 ? Phases.MEASURED : Phases.COOL_DOWN;
      boolean load = i < 45;
      double wave = Math.sin(i / 5.0);
      offsets += load ? 5000 : 0;
      gcMs += 3 + wave;
      commits += load ? 4500 : 500;
      Map<String, Double> v = new HashMap<>();
      v.put("svc.cpu.pct", load ? 45 + 10 * wave : 5);
      v.put("host.cpu.pct", load ? 75 + 10 * wave : 10);
      v.put("inj.cpu.pct", load ? 20 + 5 * wave : 1);
      v.put("svc.heap.used.bytes", (300 + 100 * wave) * 1048576);
      v.put("svc.heap.committed.bytes", 512.0 * 1048576);
      v.put("inj.heap.used.bytes", (150 + 40 * wave) * 1048576);
      v.put("svc.gc.pause.ms", gcMs);
      v.put("pool.active", load ? 8 + wave : 0);
      v.put("pool.idle", load ? 2 - wave : 10);
      v.put("pool.max", 10.0);
      v.put("pool.pending", load && i > 30 && i < 34 ? 4.0 : 0.0);
      v.put("db.sessions.active", load ? 7 + wave : 0);
      v.put("db.locks.waiting", 0.0);
      v.put("db.xact.commit", commits);
      v.put("db.xact.rollback", (double) i);
      v.put("db.deadlocks", 0.0);
      v.put("lag.total", load ? 2000 + 1500 * wave : Math.max(0, 3500 - 1000 * (i - 45)));
      v.put("lag.endOffsets", offsets);
      samples.add(new Sample(T0 + i * 1000L, phase, v));
    }
    return samples;
  }

  static List<ThroughputPoint> throughput() {
    List<ThroughputPoint> points = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      points.add(
          new ThroughputPoint(
              T0 + i * 1000L + 500, 5000 + 300 * Math.cos(i / 3.0), 20 + 8 * Math.sin(i / 4.0)));
    }
    return points;
  }

  @Test
  void writesASelfContainedPage(@TempDir Path dir) throws Exception {
    Path page = ResourcesPage.write(dir, run(), throughput());
    String html = Files.readString(page);
    assertThat(page.getFileName().toString()).isEqualTo("resources.html");
    assertThat(html)
        .contains("uPlot")
        .doesNotContain("<script src")
        .doesNotContain("http://")
        .doesNotContain("https://cdn");
    assertThat(html)
        .contains("Throughput, end-to-end p95 and consumer lag")
        .contains("\"measured\"");
  }

  @Test
  void rendersInHeadlessChromiumWithoutErrorsAndWithCurves(@TempDir Path dir) throws Exception {
    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.out.println(
          "SKIPPED ResourcesPageTest rendering: no chromium on PATH (apt-get install -y chromium)");
    }
    Assumptions.assumeTrue(
        chromium.isPresent(), "no chromium on PATH (apt-get install -y chromium)");

    Path page = ResourcesPage.write(dir, run(), throughput());
    String dom = chromium.get().dumpDom(page);
    assertThat(dom).contains("data-charts-drawn=\"5\"").doesNotContain("data-js-errors=\"");
    assertThat(dom)
        .contains("chart-load", "chart-cpu", "chart-memory", "chart-pool", "chart-database");

    Path png = dir.resolve("shot.png");
    chromium.get().screenshot(page, png, 1280, 2000);
    BufferedImage image = ImageIO.read(png.toFile());
    // each colour is the first curve of at least one chart: drawn means many pixels of it
    assertThat(pixelsNear(image, ResourcesCharts.BLUE)).isGreaterThan(300);
    assertThat(pixelsNear(image, ResourcesCharts.RED)).isGreaterThan(300);
    assertThat(pixelsNear(image, ResourcesCharts.PURPLE)).isGreaterThan(300);
    assertThat(pixelsNear(image, ResourcesCharts.ORANGE)).isGreaterThan(100);
  }

  /** A fault from second 20 to 28; in flight grows during it and falls back to zero after. */
  static FaultOverlay fault() {
    List<FaultOverlay.Count> inFlight = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long count =
          i < 20 ? 40 : i < 28 ? 40 + 5000L * (i - 19) : Math.max(0, 40000 - 9000L * (i - 27));
      inFlight.add(new FaultOverlay.Count(T0 + i * 1000L, i >= 45 ? 0 : count));
    }
    return new FaultOverlay(
        List.of(new FaultOverlay.Window("broker-down", T0 + 20_000, T0 + 28_000)), inFlight);
  }

  @Test
  void aFaultRunShadesTheFaultAndDrawsWhatIsInFlight(@TempDir Path dir) throws Exception {
    Path page = ResourcesPage.write(dir, run(), throughput(), fault());
    String html = Files.readString(page);
    assertThat(html)
        .contains("\"fault: broker-down\"")
        .contains(ResourcesCharts.FAULT_COLOR)
        .contains("Acknowledged but not yet processed");

    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH");
    String dom = chromium.get().dumpDom(page);
    assertThat(dom)
        .contains("data-charts-drawn=\"6\"", "chart-inflight")
        .doesNotContain("data-js-errors=\"");
    Path png = dir.resolve("fault.png");
    chromium.get().screenshot(page, png, 1280, 2300);
    // the fault band is shaded in every chart: reddish pixels well beyond one chart's worth
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(pixelsNear(image, "#f6cdcd")).isGreaterThan(5_000);
    Files.copy(
        png, Path.of("target", "resources-fault-page.png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void anEmptyRunStillRendersAPageSayingSo(@TempDir Path dir) throws Exception {
    Path page = ResourcesPage.write(dir, List.of(), List.of());
    assertThat(Files.readString(page)).contains("\"charts\":[]");
    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH");
    String dom = chromium.get().dumpDom(page);
    assertThat(dom)
        .contains("data-charts-drawn=\"0\"")
        .contains("No samples")
        .doesNotContain("data-js-errors=\"");
  }

  /** {@link #run()} with a leaking heap (troughs +1 MB per 2 s), rising threads and fds. */
  static List<Sample> leakingRun() {
    List<Sample> samples = new ArrayList<>();
    for (Sample s : run()) {
      Map<String, Double> v = new HashMap<>(s.values());
      int i = (int) ((s.t() - T0) / 1000);
      if (i % 2 == 0) {
        v.put("jmx.heap.afterGc.bytes", (40 + i / 2.0 + (i % 3)) * 1048576);
      }
      v.put("jmx.threads.live", 30.0 + i);
      v.put("jmx.fd.open", 100.0 + i / 4);
      v.put("jmx.heap.max.bytes", 160.0 * 1048576);
      samples.add(new Sample(s.t(), s.phase(), v));
    }
    return samples;
  }

  static LeakReport leakReport(List<Sample> samples) {
    LeakObjects.Candidate candidate =
        new LeakObjects.Candidate(
            "io.pipelineperf.service.LeakyAuditTrail$Entry",
            "byte[]",
            180,
            200,
            "io.pipelineperf.service.LeakyAuditTrail.TRAIL (static field)",
            "Threads, Stack Variable, Thread Name: main",
            List.of("io.pipelineperf.service.LeakyAuditTrail$Entry.<init>:18"),
            List.of(
                "byte[]",
                "io.pipelineperf.service.LeakyAuditTrail$Entry.payload",
                "java.lang.Object[][12]",
                "java.util.ArrayList.elementData",
                "io.pipelineperf.service.LeakyAuditTrail.TRAIL (static field)"));
    return LeakAnalysis.analyse(
            samples,
            new LeakAnalysis.ResidualInput(40L * 1048576, 60L * 1048576),
            List.of(),
            5000,
            LeakAnalysis.Settings.defaults())
        .withCandidates(List.of(candidate));
  }

  @Test
  void aRunWithALeakAnalysisGetsTheLeakPanel(@TempDir Path dir) throws Exception {
    List<Sample> samples = leakingRun();
    LeakReport leak = leakReport(samples);
    assertThat(leak.heap().verdict()).isEqualTo(LeakVerdict.LEAK);

    ChartData.LeakPanel panel = LeakPanelCharts.build(samples, leak);
    assertThat(panel.charts())
        .extracting(ChartData.Chart::id)
        .containsExactly("leak-heap", "leak-counts");
    ChartData.Chart heap = panel.charts().get(0);
    assertThat(heap.series())
        .extracting(ChartData.Series::style)
        .containsExactly("points", "line", "bandUpper", "bandLower", "points");
    // the troughs as points: every other measured second, in MB
    assertThat(heap.series().get(0).values().stream().filter(v -> v != null).count()).isEqualTo(18);
    // the fitted line rises at the reported slope (MB/h): 0.5 MB per second here
    List<Double> fit = heap.series().get(1).values();
    assertThat(fit.get(10) - fit.get(0)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.6));
    assertThat(panel.tables())
        .extracting(ChartData.Table::id)
        .containsExactly("leak-verdicts", "leak-candidates");
    assertThat(panel.line()).contains("LeakyAuditTrail$Entry held by");

    Path page = ResourcesPage.write(dir, samples, throughput(), FaultOverlay.none(), leak);
    String html = Files.readString(page);
    assertThat(html)
        .contains("\"leak-heap\"", "\"leak-counts\"", "\"leak-candidates\"")
        .contains("LeakyAuditTrail.TRAIL (static field)")
        .contains("Leak analysis");

    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH");
    String dom = chromium.get().dumpDom(page);
    assertThat(dom)
        .contains("data-charts-drawn=\"5\"", "data-leak-charts-drawn=\"2\"")
        .contains("chart-leak-heap", "table-leak-candidates")
        .doesNotContain("data-js-errors=\"");
  }

  @Test
  void aRunWithoutALeakAnalysisHasNoLeakPanel(@TempDir Path dir) throws Exception {
    String html = Files.readString(ResourcesPage.write(dir, leakingRun(), throughput()));
    assertThat(html).contains("\"leak\":null").doesNotContain("\"leak-heap\"");
  }

  private static int pixelsNear(BufferedImage image, String hex) {
    int r = Integer.parseInt(hex.substring(1, 3), 16);
    int g = Integer.parseInt(hex.substring(3, 5), 16);
    int b = Integer.parseInt(hex.substring(5, 7), 16);
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int dr = ((rgb >> 16) & 0xff) - r;
        int dg = ((rgb >> 8) & 0xff) - g;
        int db = (rgb & 0xff) - b;
        if (Math.abs(dr) < 24 && Math.abs(dg) < 24 && Math.abs(db) < 24) {
          count++;
        }
      }
    }
    return count;
  }
}
