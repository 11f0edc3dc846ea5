package io.pipelineperf.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.monitor.Sample;
import io.pipelineperf.monitor.TimeSeriesFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Writes {@code resources.html} into a run folder: throughput, end-to-end p95 and consumer lag,
 * then CPU, heap/GC, pool and database charts over time, with the phases shaded. Self-contained:
 * the uPlot chart library (from its webjar) and the data are inlined, so it opens offline.
 */
public final class ResourcesPage {

  public static final String FILE_NAME = "resources.html";
  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final ObjectMapper JSON = new ObjectMapper();

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
    Path file = runDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(runDir);
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  static String render(String title, List<Sample> samples, List<ThroughputPoint> throughput) {
    return render(title, samples, throughput, FaultOverlay.none());
  }

  static String render(
      String title, List<Sample> samples, List<ThroughputPoint> throughput, FaultOverlay faults) {
    ChartData data = ResourcesCharts.build(title, samples, throughput, faults);
    String dist = WEBJAR + uplotVersion() + "/dist/";
    return resource("io/pipelineperf/analysis/resources-page.html")
        .replace("__TITLE__", escapeHtml(title))
        .replace("__UPLOT_CSS__", resource(dist + "uPlot.min.css"))
        .replace("__UPLOT_JS__", inlineScript(resource(dist + "uPlot.iife.min.js")))
        .replace("__DATA__", inlineJson(data));
  }

  // A "</" inside a script element would end it early.
  private static String inlineJson(ChartData data) {
    try {
      return JSON.writeValueAsString(data).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String inlineScript(String js) {
    return js.replace("</script", "<\\/script");
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = classLoader().getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            "uPlot webjar (org.webjars.npm:uplot) is not on the classpath: add it to pom.xml");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static String resource(String path) {
    try (InputStream in = classLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader classLoader() {
    return ResourcesPage.class.getClassLoader();
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
