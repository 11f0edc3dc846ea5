package io.pipelineperf.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code GC.class_histogram} as jcmd (or the DiagnosticCommand MBean) prints it: instances and
 * bytes per class; and the classes that grew between checkpoints.
 */
public record ClassHistogram(Map<String, long[]> classes) {

  // "   1:         12345        1234567  [B (java.base@17.0.15)"
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** How one class grew from the first to the last checkpoint. */
  public record Growth(
      String className,
      long startBytes,
      long endBytes,
      long growthBytes,
      long instancesGrowth,
      boolean monotonic) {}

  public static ClassHistogram parse(String text) {
    Map<String, long[]> classes = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        classes.merge(
            m.group(3),
            new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    return new ClassHistogram(Map.copyOf(classes));
  }

  long bytes(String className) {
    long[] v = classes.get(className);
    return v == null ? 0 : v[1];
  }

  long instances(String className) {
    long[] v = classes.get(className);
    return v == null ? 0 : v[0];
  }

  /**
   * The {@code top} classes whose bytes grew the most from the first checkpoint to the last (growth
   * &gt; 0 only), each marked monotonic when it grew between every pair of checkpoints.
   */
  public static List<Growth> topGrowth(List<ClassHistogram> checkpoints, int top) {
    if (checkpoints.size() < 2) {
      return List.of();
    }
    ClassHistogram first = checkpoints.get(0);
    ClassHistogram last = checkpoints.get(checkpoints.size() - 1);
    List<Growth> grown = new ArrayList<>();
    for (String c : last.classes().keySet()) {
      long growth = last.bytes(c) - first.bytes(c);
      if (growth <= 0) {
        continue;
      }
      boolean monotonic = true;
      for (int i = 1; i < checkpoints.size(); i++) {
        monotonic &= checkpoints.get(i).bytes(c) > checkpoints.get(i - 1).bytes(c);
      }
      grown.add(
          new Growth(
              c,
              first.bytes(c),
              last.bytes(c),
              growth,
              last.instances(c) - first.instances(c),
              monotonic));
    }
    grown.sort(Comparator.comparingLong(Growth::growthBytes).reversed());
    return List.copyOf(grown.subList(0, Math.min(top, grown.size())));
  }
}
