package io.pipelineperf.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A self-contained HTML page from a template on the classpath: uPlot (from its webjar) and the
 * page's data inlined, so it opens offline (the resources page, the benchmark trend and comparison
 * pages). The template has the placeholders __TITLE__, __UPLOT_CSS__, __UPLOT_JS__ and __DATA__.
 */
public final class OfflinePage {

  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OfflinePage() {}

  /** The page from the template at classpath {@code templatePath}, with {@code data} as JSON. */
  public static String render(String templatePath, String title, Object data) {
    String dist = WEBJAR + uplotVersion() + "/dist/";
    return resource(templatePath)
        .replace("__TITLE__", escapeHtml(title))
        .replace("__UPLOT_CSS__", resource(dist + "uPlot.min.css"))
        .replace(
            "__UPLOT_JS__", resource(dist + "uPlot.iife.min.js").replace("</script", "<\\/script"))
        .replace("__DATA__", json(data));
  }

  /** Writes the page (creating its folder); returns the file. */
  public static Path write(Path file, String html) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, html, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  // A "</" inside a script element would end it early.
  private static String json(Object data) {
    try {
      return JSON.writeValueAsString(data).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = loader().getResourceAsStream(WEBJAR_POM)) {
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
    try (InputStream in = loader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader loader() {
    return OfflinePage.class.getClassLoader();
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
