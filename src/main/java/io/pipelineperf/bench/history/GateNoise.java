package io.pipelineperf.bench.history;

import io.pipelineperf.bench.regress.RegressionGate;
import io.pipelineperf.bench.regress.RegressionGate.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's false-positive rate measured on real repeats: runs of the same commit, the same
 * fingerprint key and no planted defect are repeats of one thing, so any regression the gate finds
 * among them is a false alarm. Each such run is gated against the other runs of its group (leave
 * one out), with the history threshold lowered to what the group has.
 */
public final class GateNoise {

  /** One group of repeats: how many runs and metric checks the gate flagged. */
  public record Group(
      String commit,
      String workload,
      int runs,
      int runsFlagged,
      int metricChecks,
      int metricsFlagged,
      List<String> flagged) {

    public String describe() {
      return String.format(
          Locale.ROOT,
          "commit %s (%s): %d of %d clean runs flagged, %d of %d metric checks%s",
          commit,
          workload,
          runsFlagged,
          runs,
          metricsFlagged,
          metricChecks,
          flagged.isEmpty() ? "" : ": " + String.join("; ", flagged));
    }
  }

  private GateNoise() {}

  /** Groups of at least 3 clean repeats, in the order their first run was recorded. */
  public static List<Group> measure(List<HistoryRecord> records, RegressionGate.Options options) {
    Map<String, List<HistoryRecord>> groups = new LinkedHashMap<>();
    for (HistoryRecord r : records) {
      String defects = r.fingerprint().plantedDefects();
      if (defects == null || defects.isBlank()) {
        groups
            .computeIfAbsent(
                r.fingerprintKey() + "#" + r.fingerprint().commit(), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<Group> result = new ArrayList<>();
    for (List<HistoryRecord> group : groups.values()) {
      if (group.size() >= 3) {
        result.add(leaveOneOut(group, options));
      }
    }
    return result;
  }

  private static Group leaveOneOut(List<HistoryRecord> group, RegressionGate.Options options) {
    int others = group.size() - 1;
    RegressionGate.Options lowered =
        new RegressionGate.Options(
            options.maxRegressionPct(),
            options.maxPValue(),
            Math.min(options.minHistory(), others),
            Math.max(others, Math.min(options.minHistory(), others)));
    int runsFlagged = 0;
    int checks = 0;
    int metricsFlagged = 0;
    List<String> flagged = new ArrayList<>();
    for (HistoryRecord run : group) {
      List<HistoryRecord> rest = new ArrayList<>(group);
      rest.remove(run);
      HistoryGate.Report report = HistoryGate.check(run, rest, lowered);
      checks += report.findings().size() - report.with(Verdict.NOT_ENOUGH_HISTORY).size();
      List<RegressionGate.Finding> regressions = report.with(Verdict.REGRESSION);
      metricsFlagged += regressions.size();
      if (!regressions.isEmpty()) {
        runsFlagged++;
        regressions.forEach(f -> flagged.add(run.runId() + " " + f.metric()));
      }
    }
    HistoryRecord first = group.get(0);
    return new Group(
        first.fingerprint().commit(),
        first.fingerprint().workload(),
        group.size(),
        runsFlagged,
        checks,
        metricsFlagged,
        flagged);
  }
}
