package io.pipelineperf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic benchmark data for unit tests: {@link #write} writes benchmark result JSON the way the
 * runner does (through {@link BenchmarkReport}, from step summary.json files), with chosen figures:
 * e2e steps at 1000, 2000 and 4000 msg/s; a step holds while its p95 is below the 100 ms limit. The
 * builders below make single summaries, steps, component usages and scaling cells.
 */
public final class SyntheticBenchmarks {

  private SyntheticBenchmarks() {}

  /** The figures of one synthetic e2e step. */
  public record E2e(
      double rate,
      double achieved,
      double p95Ms,
      long lost,
      long poolPending,
      long lagPeak,
      double schedulingDelayP99Ms,
      String verdict) {

    /** A clean step at {@code rate} with this p95: achieved on target, nothing lost. */
    public static E2e at(double rate, double p95Ms) {
      return new E2e(rate, rate, p95Ms, 0, 0, 100, 0.5, p95Ms < 100 ? "PASS" : "FAIL");
    }

    public E2e achieved(double v) {
      return new E2e(rate, v, p95Ms, lost, poolPending, lagPeak, schedulingDelayP99Ms, verdict);
    }

    public E2e poolPending(long v) {
      return new E2e(rate, achieved, p95Ms, lost, v, lagPeak, schedulingDelayP99Ms, verdict);
    }

    public E2e lagPeak(long v) {
      return new E2e(rate, achieved, p95Ms, lost, poolPending, v, schedulingDelayP99Ms, verdict);
    }

    public E2e invalid() {
      return new E2e(
          rate, achieved, p95Ms, lost, poolPending, lagPeak, schedulingDelayP99Ms, "INVALID");
    }
  }

  /** Writes an e2e step's summary.json as {@code <dir>/<name>/summary.json}. */
  public static Path summary(Path dir, String name, E2e e) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    return Files.writeString(
        folder.resolve("summary.json"),
        """
        {"rate": {"target": %s, "achieved": %s}, "verdict": "%s",
         "messages": {"sent": 1, "acked": 1, "processed": 1, "deadLettered": 0, "lost": %d,
                      "duplicated": 0},
         "latencyMs": {"e2e": {"p50": %s, "p95": %s, "p99": %s},
                       "ack": {"p50": 1.0, "p99": 4.0}, "schedulingDelay": {"p99": %s}},
         "errors": {"count": 0, "rate": 0.0},
         "resources": {"cpu": {"meanPct": 20.0}, "injector": {"cpuMeanPct": 10.0},
                       "pool": {"peakPending": %d},
                       "lag": {"peak": %d}, "host": {"load1Peak": 1.5, "cpuMeanPct": 60.0}}}
        """
            .formatted(
                e.rate(),
                e.achieved(),
                e.verdict(),
                e.lost(),
                e.p95Ms() / 2,
                e.p95Ms(),
                e.p95Ms() * 1.3,
                e.schedulingDelayP99Ms(),
                e.poolPending(),
                e.lagPeak()));
  }

  /** A step record of that summary. */
  public static StepRecord step(
      Path summary, double rate, StepPhase phase, int repeat, ComponentUsage usage) {
    return new StepRecord(
        StepKind.E2E, rate, summary, 0, 1.0, "2026-12-01T00:00:00Z", null, phase, repeat, usage);
  }

  /**
   * A component usage over {@code seconds} at {@code msgPerSec} where each component used the given
   * cores (and 100 MB of memory).
   */
  public static ComponentUsage usage(double seconds, double msgPerSec, Map<String, Double> cores) {
    Map<String, ComponentUsage.Component> components = new LinkedHashMap<>();
    double messages = seconds * msgPerSec;
    cores.forEach(
        (name, c) ->
            components.put(
                name,
                new ComponentUsage.Component(
                    c * seconds, c, c * seconds * 1e6 / messages, 100_000_000L)));
    return new ComponentUsage(seconds, messages, components);
  }

  /** A scaling cell of {@code settings} (e.g. "consumerThreads", 1, "serviceCores", 2). */
  public static ScalingCell cell(Object... settings) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      m.put((String) settings[i], (Integer) settings[i + 1]);
    }
    return new ScalingCell(m);
  }

  /**
   * @param run the run's number (its start time is that many hours after a fixed instant)
   * @param p95Ms the e2e p95 of the three steps
   * @param stackFlags e.g. {@code -Dservice.defect=slow-write}
   */
  public static Path write(Path dir, int run, String commit, double[] p95Ms, String stackFlags)
      throws IOException {
    Path runDir = Files.createDirectories(dir.resolve("bench-" + run));
    double[] rates = {1000, 2000, 4000};
    List<StepRecord> steps = new ArrayList<>();
    for (int i = 0; i < rates.length; i++) {
      Path summary =
          Files.writeString(
              runDir.resolve("e2e-" + (int) rates[i] + ".json"),
              """
              {"rate": {"target": %s, "achieved": %s},
               "messages": {"sent": 1, "acked": 1, "processed": 1, "deadLettered": 0, "lost": 0,
                            "duplicated": 0},
               "latencyMs": {"e2e": {"p50": %s, "p95": %s, "p99": %s},
                             "ack": {"p50": 1.0, "p99": 4.0}, "schedulingDelay": {"p99": 0.5}},
               "errors": {"count": 0, "rate": 0.0},
               "resources": {"cpu": {"meanPct": %s}, "injector": {"cpuMeanPct": 10.0},
                             "lag": {"peak": 100}, "host": {"load1Peak": 1.5, "cpuMeanPct": %s}}}
              """
                  .formatted(
                      rates[i],
                      rates[i],
                      p95Ms[i] / 2,
                      p95Ms[i],
                      p95Ms[i] * 1.3,
                      rates[i] / 100,
                      20 + rates[i] / 50));
      steps.add(
          new StepRecord(StepKind.E2E, rates[i], summary, 0, 1.0, "2026-12-01T00:00:00Z", null));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("startedAt", String.format("2026-12-%02dT%02d:00:00Z", 1 + run / 24, run % 24));
    settings.put("commit", commit);
    settings.put("cores", "2");
    settings.put("stepSeconds", "30");
    settings.put("warmupSeconds", "15");
    settings.put("stackFlags", stackFlags);
    settings.put("extraFlags", "");
    BenchmarkReport report = new BenchmarkReport(settings, null, steps, BenchLimits.defaults());
    return report.writeTo(runDir.resolve("benchmark")).get(0);
  }
}
