package io.pipelineperf.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a service's own Prometheus metric names become the lab's series ({@code
 * -Dservice.prometheus.map=<file>}): one rule a line, {@code <lab series> = <expression>}, where
 * the expression is {@code [max|rate](metric_name{label="value",...}) [* factor]}. Without a
 * function the matching series are summed; {@code max} takes the largest; {@code rate} is the
 * per-second increase of a counter between two scrapes. Blank lines and {@code #} comments are
 * skipped. Example: {@code svc.cpu.pct = rate(process_cpu_seconds_total) * 100}.
 */
public final class MetricMapping {

  /** One rule: the lab's series and how to compute it from a scrape. */
  public record Rule(
      String series, String function, String metric, String[] labels, double factor) {

    /** The rule's value in this scrape, before any rate is taken. */
    OptionalDouble read(PrometheusScrape scrape) {
      return "max".equals(function) ? scrape.max(metric, labels) : scrape.sum(metric, labels);
    }

    boolean isRate() {
      return "rate".equals(function);
    }
  }

  private static final Pattern RULE =
      Pattern.compile(
          "([A-Za-z][A-Za-z0-9_.]*)\\s*=\\s*(?:(sum|max|rate)\\(\\s*)?([A-Za-z_:][A-Za-z0-9_:]*)"
              + "\\s*(\\{[^}]*\\})?\\s*\\)?\\s*(?:\\*\\s*([0-9.eE+-]+))?");
  private static final Pattern LABEL = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)=\"([^\"]*)\"");

  private final List<Rule> rules;

  private MetricMapping(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Reads a mapping file; a line that is no rule fails naming the file, the line and the form. */
  public static MetricMapping read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "-Dservice.prometheus.map=" + file + " cannot be read (" + e + "): give a mapping file",
          e);
    }
    return parse(lines, "-Dservice.prometheus.map=" + file);
  }

  static MetricMapping parse(List<String> lines, String where) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = RULE.matcher(line);
      boolean call = line.contains("(");
      if (!m.matches()
          || (call && m.group(2) == null)
          || (m.group(2) != null && !line.contains(")"))) {
        throw new IllegalArgumentException(
            where
                + " line "
                + (i + 1)
                + " '"
                + line
                + "' is not a rule: write <lab series> = [max|rate](metric{label=\"value\"}) [* factor],"
                + " e.g. svc.cpu.pct = rate(process_cpu_seconds_total) * 100");
      }
      rules.add(
          new Rule(
              m.group(1),
              m.group(2) == null ? "sum" : m.group(2),
              m.group(3),
              labels(m.group(4)),
              m.group(5) == null ? 1.0 : Double.parseDouble(m.group(5))));
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException(where + " has no rule: add lines like svc.cpu.pct = …");
    }
    return new MetricMapping(rules);
  }

  private static String[] labels(String braces) {
    if (braces == null) {
      return new String[0];
    }
    List<String> pairs = new ArrayList<>();
    Matcher m = LABEL.matcher(braces.substring(1, braces.length() - 1));
    while (m.find()) {
      pairs.add(m.group(1));
      pairs.add(m.group(2));
    }
    return pairs.toArray(String[]::new);
  }

  /** The metric names the rules read (only their lines are parsed from a scrape). */
  java.util.Set<String> metricNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    rules.forEach(r -> names.add(r.metric()));
    return names;
  }

  /** For logs: the rules as series names. */
  Map<String, String> describe() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    rules.forEach(r -> m.put(r.series(), r.function() + "(" + r.metric() + ") * " + r.factor()));
    return m;
  }
}
