package io.pipelineperf.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One line of the script's {@code steps.tsv}: kind, target rate, summary.json path ("-" when the
 * step wrote none), the step's exit code, the 1-minute load average before it, and when it started;
 * plus the service's batches during the step when its metrics were scraped around it ({@code
 * <kind>-<rate>.metrics.before} and {@code .after} beside steps.tsv), else null.
 */
public record StepRecord(
    StepKind kind,
    double rate,
    Path summary,
    int exitCode,
    Double load1Before,
    String startedAt,
    ServiceBatches batches) {

  static final String NONE = "-";

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
