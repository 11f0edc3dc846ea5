package io.pipelineperf.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the resources page's script draws; built in Java, serialised to JSON into the page. {@code
 * leak} is the leak panel, null when the run had no leak analysis.
 */
record ChartData(
    String title,
    String subtitle,
    List<Tile> tiles,
    List<Phase> phases,
    List<Chart> charts,
    LeakPanel leak) {

  ChartData(
      String title, String subtitle, List<Tile> tiles, List<Phase> phases, List<Chart> charts) {
    this(title, subtitle, tiles, phases, charts, null);
  }

  /** A headline number above the charts. */
  record Tile(String label, String value) {}

  /** A shaded time band [fromMs, toMs). */
  record Phase(String name, long fromMs, long toMs, String color) {}

  /** One chart: shared x (epoch ms), series on named scales; ranges fix a scale's min/max. */
  record Chart(
      String id, String title, List<Long> x, List<Series> series, Map<String, double[]> ranges) {}

  /**
   * {@code style}: "line" (default), "points" (no line), "dashed", or "bandUpper"/"bandLower" (two
   * dashed lines with the area between them filled).
   */
  record Series(
      String label,
      String color,
      String scale,
      List<Double> values,
      boolean spanGaps,
      String style) {

    Series(String label, String color, String scale, List<Double> values, boolean spanGaps) {
      this(label, color, scale, values, spanGaps, "line");
    }
  }

  /** A table of text cells under a title. */
  record Table(String id, String title, List<String> columns, List<List<String>> rows) {}

  /** The leak panel: its headline, charts (drawn like the others) and tables. */
  record LeakPanel(String line, List<Tile> tiles, List<Chart> charts, List<Table> tables) {}
}
