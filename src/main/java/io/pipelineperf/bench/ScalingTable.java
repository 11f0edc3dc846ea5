package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scaling matrix's results: each cell's ceiling, its speed-up over the first cell, the ratio of
 * the resources it was given (the product of value ÷ first value over the dimensions that changed,
 * e.g. 2 for 1 → 2 service cores, 6 for 1 → 3 threads and 1 → 2 cores) and its scaling efficiency
 * (speed-up ÷ resource ratio: 1 is linear scaling), with the bottleneck the samplers named. {@link
 * #marginals()} isolates one dimension at a time: each pair of cells that differ in that dimension
 * only.
 */
public record ScalingTable(List<Row> rows, List<Marginal> marginals) {

  /** A measured cell: its settings, its ceiling (null: not even the first rate held). */
  public record Cell(
      ScalingCell cell, Double ceiling, String bottleneck, String bottleneckReason) {}

  public record Row(
      String cell,
      Map<String, Integer> settings,
      Double ceilingMsgPerSec,
      Double speedUp,
      double resourceRatio,
      String changed,
      Double efficiency,
      String bottleneck,
      String bottleneckReason) {}

  /** One dimension changed between two cells that agree on every other. */
  public record Marginal(
      String dimension,
      String fromCell,
      String toCell,
      int from,
      int to,
      Double speedUp,
      double resourceRatio,
      Double efficiency) {}

  public static ScalingTable of(List<Cell> cells) {
    List<Row> rows = new ArrayList<>();
    if (cells.isEmpty()) {
      return new ScalingTable(rows, List.of());
    }
    Cell first = cells.get(0);
    for (Cell c : cells) {
      double ratio = 1;
      List<String> changed = new ArrayList<>();
      for (Map.Entry<String, Integer> e : c.cell().settings().entrySet()) {
        Integer base = first.cell().settings().get(e.getKey());
        if (base != null && !base.equals(e.getValue())) {
          ratio *= e.getValue() / (double) base;
          changed.add(e.getKey() + " " + base + "→" + e.getValue());
        }
      }
      Double speedUp = speedUp(first.ceiling(), c.ceiling());
      rows.add(
          new Row(
              c.cell().id(),
              c.cell().settings(),
              c.ceiling(),
              speedUp,
              ratio,
              String.join(", ", changed),
              speedUp == null ? null : speedUp / ratio,
              c.bottleneck(),
              c.bottleneckReason()));
    }
    return new ScalingTable(rows, marginals(cells));
  }

  private static List<Marginal> marginals(List<Cell> cells) {
    List<Marginal> out = new ArrayList<>();
    for (Cell a : cells) {
      for (Cell b : cells) {
        String only = onlyDifference(a.cell(), b.cell());
        if (only == null) {
          continue;
        }
        int from = a.cell().settings().get(only);
        int to = b.cell().settings().get(only);
        if (to <= from) {
          continue;
        }
        double ratio = to / (double) from;
        Double speedUp = speedUp(a.ceiling(), b.ceiling());
        out.add(
            new Marginal(
                only,
                a.cell().id(),
                b.cell().id(),
                from,
                to,
                speedUp,
                ratio,
                speedUp == null ? null : speedUp / ratio));
      }
    }
    return out;
  }

  /** The one dimension two cells differ in, or null (none, or more than one). */
  private static String onlyDifference(ScalingCell a, ScalingCell b) {
    if (!a.settings().keySet().equals(b.settings().keySet())) {
      return null;
    }
    String only = null;
    for (String k : a.settings().keySet()) {
      if (!Objects.equals(a.settings().get(k), b.settings().get(k))) {
        if (only != null) {
          return null;
        }
        only = k;
      }
    }
    return only;
  }

  private static Double speedUp(Double base, Double ceiling) {
    return base == null || ceiling == null || base <= 0 ? null : ceiling / base;
  }
}
