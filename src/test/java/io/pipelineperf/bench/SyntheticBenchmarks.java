package io.pipelineperf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes benchmark result JSON the way {@code BenchmarkMain report} does (through {@link
 * BenchmarkReport}, from step summary.json files), with chosen figures: e2e steps at 1000, 2000 and
 * 4000 msg/s; a step holds while its p95 is below the 100 ms limit.
 */
public final class SyntheticBenchmarks {

  private SyntheticBenchmarks() {}

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
