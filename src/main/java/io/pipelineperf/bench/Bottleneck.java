package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names what limited a step, from the samplers' numbers alone (no I/O). The rules, first match:
 *
 * <ol>
 *   <li><b>injector</b>: the run was INVALID (the load generator could not keep its schedule) or
 *       its scheduling delay p99 reached {@value #INJECTOR_DELAY_MS} ms: the load was not what was
 *       asked for, nothing behind it can be judged;
 *   <li><b>a component's CPU</b>: the component whose CPU use is nearest its allotment (cores used
 *       ÷ cores it may use: its pinned cores, else the machine's) when that is at least {@value
 *       #SATURATED} of it;
 *   <li><b>db pool</b>: the service's threads waited for a connection (pool pending peak &gt; 0);
 *   <li><b>host CPU</b>: the machine's CPU was at least {@value #HOST_SATURATED_PCT} % busy, no
 *       component alone near its allotment: the co-located parts starve each other (the largest
 *       user is named);
 *   <li><b>service lag</b>: the consumer lag peaked above one second of traffic with CPU to spare:
 *       the service's batches are latency-bound (DB transaction, outcome acks, offset commit);
 *   <li>otherwise <b>none</b> when the step held, <b>undetermined</b> when it did not.
 * </ol>
 */
public final class Bottleneck {

  static final double SATURATED = 0.85;
  static final double HOST_SATURATED_PCT = 90;
  static final double INJECTOR_DELAY_MS = 50;

  /**
   * The numbers of one step.
   *
   * @param coresUsed CPU cores each component used in the measured phase ({@link ComponentUsage})
   * @param coresAllotted the cores each component may use; a component left out may use them all
   * @param machineCores the machine's cores
   * @param hostCpuPct the machine's busy CPU, % of all cores (null: unknown)
   * @param poolPendingPeak the service's peak of threads waiting for a DB connection
   * @param lagPeak the service's consumer-group lag peak, messages
   * @param rate the step's target rate, msg/s
   * @param injectorInvalid the run's verdict was INVALID
   * @param schedulingDelayP99Ms how late the injector sent, p99
   * @param held whether the step held
   */
  public record Signals(
      Map<String, Double> coresUsed,
      Map<String, Double> coresAllotted,
      double machineCores,
      Double hostCpuPct,
      Long poolPendingPeak,
      Long lagPeak,
      double rate,
      boolean injectorInvalid,
      Double schedulingDelayP99Ms,
      boolean held) {}

  /**
   * @param component what limited the step: {@code injector}, a component's name, {@code db pool},
   *     {@code host CPU}, {@code service lag}, {@code none} or {@code undetermined}
   * @param reason the numbers that decided it
   * @param saturation each component's CPU use as a fraction of its allotment
   */
  public record Verdict(String component, String reason, Map<String, Double> saturation) {}

  private Bottleneck() {}

  public static Verdict of(Signals s) {
    Map<String, Double> saturation = new LinkedHashMap<>();
    s.coresUsed()
        .forEach(
            (name, used) -> {
              if (!ComponentUsage.HOST.equals(name) && used != null) {
                double allotted = s.coresAllotted().getOrDefault(name, s.machineCores());
                saturation.put(name, used / allotted);
              }
            });
    if (s.injectorInvalid()) {
      return new Verdict(
          "injector",
          "the run was INVALID: the load generator did not keep its schedule",
          saturation);
    }
    if (s.schedulingDelayP99Ms() != null && s.schedulingDelayP99Ms() >= INJECTOR_DELAY_MS) {
      return new Verdict(
          "injector",
          "scheduling delay p99 " + fmt(s.schedulingDelayP99Ms()) + " ms: sends started late",
          saturation);
    }
    String top = null;
    for (Map.Entry<String, Double> e : saturation.entrySet()) {
      if (top == null || e.getValue() > saturation.get(top)) {
        top = e.getKey();
      }
    }
    if (top != null && saturation.get(top) >= SATURATED) {
      double allotted = s.coresAllotted().getOrDefault(top, s.machineCores());
      return new Verdict(
          top,
          top
              + " CPU "
              + fmt(s.coresUsed().get(top))
              + " of "
              + fmt(allotted)
              + " core(s) ("
              + pct(saturation.get(top))
              + ")",
          saturation);
    }
    if (s.poolPendingPeak() != null && s.poolPendingPeak() > 0) {
      return new Verdict(
          "db pool",
          s.poolPendingPeak() + " service thread(s) waited for a DB connection",
          saturation);
    }
    if (s.hostCpuPct() != null && s.hostCpuPct() >= HOST_SATURATED_PCT) {
      return new Verdict(
          "host CPU",
          "machine CPU "
              + fmt(s.hostCpuPct())
              + " % busy; by cores: "
              + byCores(s.coresUsed())
              + (top == null ? "" : "; largest user " + largest(s.coresUsed())),
          saturation);
    }
    if (s.lagPeak() != null && s.rate() > 0 && s.lagPeak() > s.rate()) {
      return new Verdict(
          "service lag",
          "consumer lag peaked at "
              + s.lagPeak()
              + " messages ("
              + fmt(s.lagPeak() / s.rate())
              + " s of traffic) with CPU to spare"
              + (top == null ? "" : " (highest: " + top + " " + pct(saturation.get(top)) + ")"),
          saturation);
    }
    return new Verdict(
        s.held() ? "none" : "undetermined",
        s.held()
            ? "held; no component near its CPU allotment"
            : "did not hold, but no sampler shows a limit",
        saturation);
  }

  private static String largest(Map<String, Double> cores) {
    String best = null;
    for (Map.Entry<String, Double> e : cores.entrySet()) {
      if (ComponentUsage.HOST.equals(e.getKey()) || e.getValue() == null) {
        continue;
      }
      if (best == null || e.getValue() > cores.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static String byCores(Map<String, Double> cores) {
    List<String> parts = new ArrayList<>();
    cores.forEach(
        (k, v) -> {
          if (!ComponentUsage.HOST.equals(k) && v != null) {
            parts.add(k + " " + fmt(v));
          }
        });
    return String.join(", ", parts);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
