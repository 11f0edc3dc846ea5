package io.pipelineperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers {@link Bottleneck} decides from, gathered for one step: each component's cores from
 * the step's {@link ComponentUsage}, the service's allotment (its pinned cores), the machine's busy
 * CPU, and from the step's summary.json the pool's pending peak, the consumer lag peak, the
 * scheduling delay and whether the run was INVALID.
 */
final class StepSignals {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StepSignals() {}

  static Bottleneck.Signals of(
      StepRecord step, BenchLimits limits, double machineCores, Integer serviceCores) {
    Map<String, Double> used = new LinkedHashMap<>();
    Double hostPct = null;
    if (step.usage() != null) {
      for (String c :
          List.of(
              ComponentUsage.SERVICE,
              ComponentUsage.BROKER,
              ComponentUsage.POSTGRES,
              ComponentUsage.INJECTOR)) {
        Double cores = step.usage().coresUsed(c);
        if (cores != null) {
          used.put(c, cores);
        }
      }
      Double host = step.usage().coresUsed(ComponentUsage.HOST);
      hostPct = host == null ? null : host / machineCores * 100;
    }
    Map<String, Double> allotted = new LinkedHashMap<>();
    if (serviceCores != null) {
      allotted.put(ComponentUsage.SERVICE, serviceCores.doubleValue());
    }
    JsonNode summary = readSummary(step);
    StepResult r = step.result();
    if (hostPct == null && summary != null) {
      JsonNode host = summary.path("resources").path("host").path("cpuMeanPct");
      hostPct = host.isNumber() ? host.asDouble() : null;
    }
    JsonNode pending =
        summary == null ? null : summary.path("resources").path("pool").path("peakPending");
    return new Bottleneck.Signals(
        used,
        allotted,
        machineCores,
        hostPct,
        pending != null && pending.isNumber() ? pending.asLong() : null,
        r == null ? null : r.lagPeak(),
        step.rate(),
        summary != null && "INVALID".equals(summary.path("verdict").asText()),
        r == null ? null : r.schedulingDelayP99Ms(),
        step.breaches(limits).isEmpty());
  }

  private static JsonNode readSummary(StepRecord step) {
    if (step.summary() == null) {
      return null;
    }
    try {
      return JSON.readTree(step.summary().toFile());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The step that decides a cell's bottleneck: the first failed run of its lowest failed rate (the
   * load it could not carry), else its last step (every rate held: what was nearest its limit at
   * the highest rate); null without steps.
   */
  static StepRecord deciding(List<StepRecord> steps, BenchLimits limits) {
    Double failed = null;
    for (RateSummary r : BenchmarkReport.byRate(steps, limits)) {
      if (!r.holds()) {
        failed = r.rate();
        break;
      }
    }
    for (StepRecord s : steps) {
      if (failed != null && s.rate() == failed && !s.breaches(limits).isEmpty()) {
        return s;
      }
    }
    return steps.isEmpty() ? null : steps.get(steps.size() - 1);
  }
}
