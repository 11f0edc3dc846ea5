package io.pipelineperf.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped prometheus.yml, read as text (it is small and flat; promtool validates the YAML
 * itself): scrape interval, metrics path, targets, and any metric names in relabel regexes.
 */
final class PrometheusConfigFile {
  static final Path FILE = Path.of("simulations-data", "monitoring", "prometheus.yml");

  private static final Pattern SCRAPE_INTERVAL =
      Pattern.compile("(?m)^\\s*scrape_interval:\\s*(\\S+)");
  private static final Pattern METRICS_PATH = Pattern.compile("(?m)^\\s*metrics_path:\\s*(\\S+)");
  private static final Pattern TARGETS = Pattern.compile("(?m)^\\s*-?\\s*targets:\\s*\\[([^]]*)]");
  // metric_relabel_configs on __name__ name metrics in their regex, e.g. "a_total|b_seconds_.*"
  private static final Pattern NAME_REGEX =
      Pattern.compile(
          "source_labels:\\s*\\[\\s*['\"]?__name__['\"]?\\s*]\\s*\\n(?:\\s+\\w+:.*\\n)*?"
              + "\\s+regex:\\s*['\"]?([^'\"\\n]+)");

  private final String text;

  private PrometheusConfigFile(String text) {
    this.text = text;
  }

  static PrometheusConfigFile read() throws IOException {
    return of(Files.readString(FILE));
  }

  static PrometheusConfigFile of(String text) {
    return new PrometheusConfigFile(text);
  }

  String text() {
    return text;
  }

  String scrapeInterval() {
    return first(SCRAPE_INTERVAL);
  }

  String metricsPath() {
    return first(METRICS_PATH);
  }

  List<String> targets() {
    List<String> all = new ArrayList<>();
    Matcher m = TARGETS.matcher(text);
    while (m.find()) {
      for (String t : m.group(1).split(",")) {
        all.add(t.strip().replaceAll("^['\"]|['\"]$", ""));
      }
    }
    return all;
  }

  /** Plain metric names in __name__ relabel regexes (alternatives without regex syntax). */
  Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME_REGEX.matcher(text);
    while (m.find()) {
      for (String alternative : m.group(1).strip().split("\\|")) {
        if (alternative.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
          names.add(alternative);
        }
      }
    }
    return names;
  }

  private String first(Pattern p) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : null;
  }
}
