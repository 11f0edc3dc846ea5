package io.pipelineperf.bench;

import io.pipelineperf.verify.FaultSuite;
import java.util.List;
import java.util.Objects;

/**
 * The fault runs of a benchmark together: how many passed, failed (FAIL or ERROR) or were skipped,
 * the pass rate over the faults that ran ({@code null} when none ran), and the slowest recovery.
 */
public record Reliability(
    List<FaultSuite.Row> faults,
    int passed,
    int failed,
    int skipped,
    Double passRatePct,
    Double maxRecoverySeconds) {

  public static Reliability of(List<FaultSuite.Row> rows) {
    int passed = 0;
    int skipped = 0;
    for (FaultSuite.Row r : rows) {
      if ("PASS".equals(r.verdict())) {
        passed++;
      } else if ("SKIPPED".equals(r.verdict())) {
        skipped++;
      }
    }
    int failed = rows.size() - passed - skipped;
    int ran = passed + failed;
    Double max =
        rows.stream()
            .map(FaultSuite.Row::recoverySeconds)
            .filter(Objects::nonNull)
            .max(Double::compare)
            .orElse(null);
    return new Reliability(
        List.copyOf(rows), passed, failed, skipped, ran == 0 ? null : 100.0 * passed / ran, max);
  }
}
