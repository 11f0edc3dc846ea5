package io.pipelineperf.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One benchmark step: kind, target rate, summary.json path (null when the step wrote none), the
 * step's exit code, the 1-minute load average before it, and when it started; the service's batches
 * during the step when its metrics were scraped around it, else null; why it ran ({@link
 * StepPhase}), which run of its rate it was (from 1), and each component's CPU and memory over its
 * measured phase ({@link ComponentUsage}, null when not sampled). {@link #parse} reads a line of
 * the bash script's {@code steps.tsv}.
 */
public record StepRecord(
    StepKind kind,
    double rate,
    Path summary,
    int exitCode,
    Double load1Before,
    String startedAt,
    ServiceBatches batches,
    StepPhase phase,
    int repeat,
    ComponentUsage usage) {

  static final String NONE = "-";

  /** A search step, the first run of its rate, without component usage. */
  public StepRecord(
      StepKind kind,
      double rate,
      Path summary,
      int exitCode,
      Double load1Before,
      String startedAt,
      ServiceBatches batches) {
    this(kind, rate, summary, exitCode, load1Before, startedAt, batches, StepPhase.SEARCH, 1, null);
  }

  /** The file names the script scrapes the service's metrics into around a step. */
  public static String metricsFile(StepKind kind, String rate, String when) {
    return kind.label() + "-" + rate + ".metrics." + when;
  }

  /** Parses a line; the metrics scrapes are looked up in {@code benchDir}. */
  public static StepRecord parse(String line, Path benchDir) {
    String[] f = line.split("\t", -1);
    if (f.length < 6) {
      throw new IllegalArgumentException(
          "steps.tsv line has " + f.length + " fields, expected 6: '" + line + "'");
    }
    StepKind kind = StepKind.parse(f[0]);
    return new StepRecord(
        kind,
        Double.parseDouble(f[1]),
        NONE.equals(f[2]) || f[2].isBlank() ? null : Path.of(f[2]),
        Integer.parseInt(f[3].trim()),
        f[4].isBlank() || NONE.equals(f[4]) ? null : Double.valueOf(f[4]),
        f[5],
        ServiceBatches.between(
            benchDir.resolve(metricsFile(kind, f[1], "before")),
            benchDir.resolve(metricsFile(kind, f[1], "after"))));
  }

  /** The step's figures, or null when it left no readable summary.json. */
  public StepResult result() {
    if (summary == null || !Files.isRegularFile(summary)) {
      return null;
    }
    return StepResult.fromSummary(kind, summary);
  }

  /** Why the step does not hold (none: it holds). */
  public List<String> breaches(BenchLimits limits) {
    StepResult r = result();
    if (r == null) {
      return List.of("no summary.json (exit code " + exitCode + ")");
    }
    return limits.breaches(r);
  }
}
