package io.pipelineperf.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One scrape of a Prometheus text exposition (format 0.0.4), parsed into samples.
 *
 * <p>Hand-written because no small, maintained Java library on Maven Central parses the text format
 * (the Prometheus Java client only writes it); the format is line based and simple.
 */
public final class PrometheusScrape {

  /** One line of the exposition: metric name, its labels and its value. */
  public record Series(String name, Map<String, String> labels, double value) {}

  private final List<Series> series;

  private PrometheusScrape(List<Series> series) {
    this.series = series;
  }

  public List<Series> series() {
    return Collections.unmodifiableList(series);
  }

  /** Parses the text format; malformed lines are skipped rather than failing the whole scrape. */
  /**
   * GETs a Prometheus text endpoint on the caller's thread ({@link HttpURLConnection}: no hidden
   * client threads, keep-alive by the JDK); anything but 200 is an IOException.
   */
  static byte[] fetch(URI uri, int timeoutMs) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(timeoutMs);
    connection.setReadTimeout(timeoutMs);
    connection.setRequestProperty("Accept", "text/plain; version=0.0.4");
    int status = connection.getResponseCode();
    if (status != 200) {
      connection.disconnect();
      throw new IOException("HTTP " + status + " from " + uri);
    }
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }

  public static PrometheusScrape parse(String text) {
    List<Series> parsed = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Series s = parseLine(line);
      if (s != null) {
        parsed.add(s);
      }
    }
    return new PrometheusScrape(parsed);
  }

  /**
   * Parses only the lines of the named metrics, straight from the response bytes: a line of any
   * other metric costs a byte comparison of its name, no string and no label map. A service's
   * exposition is mostly metrics a sampler does not read (Kafka client metrics: over a thousand
   * lines), and parsing all of it every second was most of the sampler's CPU.
   */
  public static PrometheusScrape parse(byte[] utf8, Set<String> names) {
    byte[][] wanted = new byte[names.size()][];
    int n = 0;
    for (String name : names) {
      wanted[n++] = name.getBytes(StandardCharsets.UTF_8);
    }
    List<Series> parsed = new ArrayList<>();
    int i = 0;
    while (i < utf8.length) {
      int end = i;
      while (end < utf8.length && utf8[end] != '\n') {
        end++;
      }
      if (end > i && utf8[i] != '#' && wantedName(utf8, i, end, wanted)) {
        String line = new String(utf8, i, end - i, StandardCharsets.UTF_8).strip();
        Series series = parseLine(line);
        if (series != null) {
          parsed.add(series);
        }
      }
      i = end + 1;
    }
    return new PrometheusScrape(parsed);
  }

  // The line's metric name (up to '{' or ' ') is one of the wanted ones.
  private static boolean wantedName(byte[] text, int from, int end, byte[][] wanted) {
    int nameEnd = from;
    while (nameEnd < end && text[nameEnd] != '{' && text[nameEnd] != ' ') {
      nameEnd++;
    }
    int length = nameEnd - from;
    for (byte[] name : wanted) {
      if (name.length == length && Arrays.equals(text, from, nameEnd, name, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /** Sum of all series with this name whose labels contain every given label pair. */
  public OptionalDouble sum(String name, String... labelPairs) {
    double total = 0;
    boolean found = false;
    for (Series s : series) {
      if (s.name().equals(name) && matches(s.labels(), labelPairs) && !Double.isNaN(s.value())) {
        total += s.value();
        found = true;
      }
    }
    return found ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  /** Sum of the positive values only (Micrometer reports -1 for "no limit"). */
  public OptionalDouble sumPositive(String name, String... labelPairs) {
    double total = 0;
    boolean found = false;
    for (Series s : series) {
      if (s.name().equals(name) && matches(s.labels(), labelPairs) && s.value() > 0) {
        total += s.value();
        found = true;
      }
    }
    return found ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  /** Largest value among the series with this name whose labels match. */
  public OptionalDouble max(String name, String... labelPairs) {
    OptionalDouble best = OptionalDouble.empty();
    for (Series s : series) {
      if (s.name().equals(name) && matches(s.labels(), labelPairs) && !Double.isNaN(s.value())) {
        if (best.isEmpty() || s.value() > best.getAsDouble()) {
          best = OptionalDouble.of(s.value());
        }
      }
    }
    return best;
  }

  private static boolean matches(Map<String, String> labels, String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("label filter needs name/value pairs");
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }

  private static Series parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String name;
    Map<String, String> labels = Map.of();
    String rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      labels = new LinkedHashMap<>();
      int end = parseLabels(line, brace + 1, labels);
      if (end < 0) {
        return null;
      }
      rest = line.substring(end + 1).strip();
    } else {
      name = line.substring(0, space);
      rest = line.substring(space + 1).strip();
    }
    String valueText = rest.split("\\s+")[0];
    Double value = parseValue(valueText);
    return value == null ? null : new Series(name, labels, value);
  }

  /** Parses {@code a="x",b="y"} starting after '{'; returns the index of the closing '}', or -1. */
  private static int parseLabels(String line, int from, Map<String, String> into) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i;
      }
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < line.length(); j++) {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else if (v == '"') {
          break;
        } else {
          value.append(v);
        }
      }
      if (j >= line.length()) {
        return -1;
      }
      into.put(key, value.toString());
      i = j + 1;
    }
    return -1;
  }

  private static Double parseValue(String text) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }
}
