package io.pipelineperf.bench.history;

import java.util.List;

/**
 * What a history record keeps beyond its steps: the latency curve, the scaling table and the fault
 * runs (each empty when the run did not measure it).
 */
public record HistoryExtras(
    List<CurvePoint> latencyCurve, List<ScalingRow> scaling, List<FaultRun> faults) {

  /** The latency curve at one fraction of the ceiling: medians of its runs, p95's spread. */
  public record CurvePoint(
      double fraction,
      double rate,
      int runs,
      int held,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms,
      Double p95MinMs,
      Double p95MaxMs,
      Double achievedMsgPerSec) {}

  /** One scaling cell. */
  public record ScalingRow(
      String cell,
      Double ceilingMsgPerSec,
      Double speedUp,
      Double resourceRatio,
      Double efficiency,
      String bottleneck,
      String bottleneckReason) {}

  /** One fault run. */
  public record FaultRun(
      String fault, String verdict, Double recoverySeconds, Long lost, Long duplicated) {}

  public HistoryExtras {
    latencyCurve = latencyCurve == null ? List.of() : List.copyOf(latencyCurve);
    scaling = scaling == null ? List.of() : List.copyOf(scaling);
    faults = faults == null ? List.of() : List.copyOf(faults);
  }

  public static HistoryExtras none() {
    return new HistoryExtras(List.of(), List.of(), List.of());
  }
}
