package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The runs of one rate taken together: how many held, whether the majority held ({@link
 * CeilingSearch#holds(int, int)}), and the median and spread (min, max) of the figures over the
 * runs that left a summary. Latencies in ms, rates in msg/s; null where no run measured it.
 */
public record RateSummary(
    double rate,
    int runs,
    int held,
    boolean holds,
    Spread achieved,
    Spread e2eP50Ms,
    Spread e2eP95Ms,
    Spread e2eP99Ms,
    Spread ackP99Ms,
    Spread errorRatePct,
    Spread serviceCpuUsPerMsg,
    Spread brokerCpuUsPerMsg,
    Spread postgresCpuUsPerMsg,
    Spread injectorCpuUsPerMsg) {

  /** Median, minimum and maximum of the runs' values (n: how many runs had a value). */
  public record Spread(int n, double median, double min, double max) {

    /** Null when no value is there. */
    public static Spread of(List<Double> values) {
      double[] v =
          values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
      if (v.length == 0) {
        return null;
      }
      Arrays.sort(v);
      double median =
          v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      return new Spread(v.length, median, v[0], v[v.length - 1]);
    }
  }

  /** The runs of one rate (all of the same kind and rate). */
  public static RateSummary of(List<StepRecord> runs, BenchLimits limits) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a rate summary needs at least one run");
    }
    int held = (int) runs.stream().filter(s -> s.breaches(limits).isEmpty()).count();
    List<StepResult> results = new ArrayList<>();
    List<ComponentUsage> usages = new ArrayList<>();
    for (StepRecord s : runs) {
      StepResult r = s.result();
      if (r != null) {
        results.add(r);
      }
      if (s.usage() != null) {
        usages.add(s.usage());
      }
    }
    return new RateSummary(
        runs.get(0).rate(),
        runs.size(),
        held,
        CeilingSearch.holds(runs.size(), held),
        spread(results, StepResult::achievedRate),
        spread(results, StepResult::e2eP50Ms),
        spread(results, StepResult::e2eP95Ms),
        spread(results, StepResult::e2eP99Ms),
        spread(results, StepResult::ackP99Ms),
        spread(results, StepResult::errorRatePct),
        cpu(usages, ComponentUsage.SERVICE),
        cpu(usages, ComponentUsage.BROKER),
        cpu(usages, ComponentUsage.POSTGRES),
        cpu(usages, ComponentUsage.INJECTOR));
  }

  private static Spread spread(List<StepResult> results, Function<StepResult, Double> f) {
    return Spread.of(results.stream().map(f).toList());
  }

  private static Spread cpu(List<ComponentUsage> usages, String component) {
    return Spread.of(usages.stream().map(u -> u.cpuUsPerMessage(component)).toList());
  }

  /** The median of a figure, or null. */
  static Double median(Spread s) {
    return s == null ? null : s.median();
  }
}
