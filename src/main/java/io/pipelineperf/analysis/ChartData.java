package io.pipelineperf.analysis;

import java.util.List;
import java.util.Map;

/** What the resources page's script draws; built in Java, serialised to JSON into the page. */
record ChartData(
    String title, String subtitle, List<Tile> tiles, List<Phase> phases, List<Chart> charts) {

  /** A headline number above the charts. */
  record Tile(String label, String value) {}

  /** A shaded time band [fromMs, toMs). */
  record Phase(String name, long fromMs, long toMs, String color) {}

  /** One chart: shared x (epoch ms), series on named scales; ranges fix a scale's min/max. */
  record Chart(
      String id, String title, List<Long> x, List<Series> series, Map<String, double[]> ranges) {}

  record Series(String label, String color, String scale, List<Double> values, boolean spanGaps) {}
}
