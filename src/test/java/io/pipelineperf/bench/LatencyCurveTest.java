package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyCurveTest {

  @Test
  void theRatesAreFractionsOfTheCeilingRoundedToTheGranularity() {
    assertThat(LatencyCurve.rates(4000.0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), 10))
        .containsExactly(
            Map.entry(0.1, 400.0),
            Map.entry(0.25, 1000.0),
            Map.entry(0.5, 2000.0),
            Map.entry(0.75, 3000.0),
            Map.entry(0.9, 3600.0));
    assertThat(LatencyCurve.rates(4550.0, List.of(0.33), 10)).containsEntry(0.33, 1500.0);
    assertThat(LatencyCurve.rates(30.0, List.of(0.1), 10)).containsEntry(0.1, 10.0);
    assertThat(LatencyCurve.rates(null, List.of(0.5), 10)).isEmpty();
  }

  @Test
  void eachPointIsTheMedianOfItsRunsWithTheSpreadInTheReport(@TempDir Path dir) throws Exception {
    List<StepRecord> steps = new ArrayList<>();
    steps.add(step(dir, 1000, StepPhase.SEARCH, 1, 20));
    steps.add(step(dir, 2000, StepPhase.SEARCH, 1, 30));
    steps.add(step(dir, 4000, StepPhase.SEARCH, 1, 300));
    steps.add(step(dir, 4000, StepPhase.SEARCH, 2, 280));
    // the curve at 50 % of the 2000 ceiling: 1000 msg/s, three runs
    steps.add(step(dir, 1000, StepPhase.CURVE, 1, 12));
    steps.add(step(dir, 1000, StepPhase.CURVE, 2, 18));
    steps.add(step(dir, 1000, StepPhase.CURVE, 3, 15));
    BenchmarkReport report =
        new BenchmarkReport(
            Map.of(),
            null,
            steps,
            BenchLimits.defaults(),
            new BenchmarkReport.Extras(List.of(0.5, 0.9), List.of(), null));

    assertThat(report.ceiling(StepKind.E2E)).isEqualTo(2000);
    List<LatencyCurve.Point> curve = report.latencyCurve();
    assertThat(curve).hasSize(1); // 90 % (1800 msg/s) did not run
    LatencyCurve.Point half = curve.get(0);
    assertThat(half.rate()).isEqualTo(1000);
    assertThat(half.runs().runs()).isEqualTo(3);
    assertThat(half.runs().e2eP95Ms().median()).isEqualTo(15);
    assertThat(half.runs().e2eP95Ms().min()).isEqualTo(12);
    assertThat(half.runs().e2eP95Ms().max()).isEqualTo(18);
    // the curve's 1000 msg/s runs do not count as the search's
    assertThat(report.rates(StepKind.E2E).get(0).runs()).isEqualTo(1);
    assertThat(report.toMarkdown())
        .contains("## Latency curve")
        .contains("| 50 | 1000 | 3 | 3 | 1000 | 7.50 (6-9) | 15 (12-18) | 19.50 (15.60-23.40) |");
  }

  static StepRecord step(Path dir, double rate, StepPhase phase, int run, double p95)
      throws Exception {
    return SyntheticBenchmarks.step(
        SyntheticBenchmarks.summary(
            dir,
            phase.name() + "-" + (int) rate + "-" + run,
            SyntheticBenchmarks.E2e.at(rate, p95)),
        rate,
        phase,
        run,
        null);
  }
}
