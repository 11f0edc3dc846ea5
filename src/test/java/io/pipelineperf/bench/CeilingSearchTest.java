package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingSearchTest {

  private static final List<Integer> RATES = List.of(1000, 2000, 3000, 4000, 6000, 8000);

  private static CeilingSearch.Options repeats(int n) {
    return new CeilingSearch.Options(n, false, 0, true, 10);
  }

  /** Holds up to {@code ceiling}, except the runs listed as noisy failures ("rate#run"). */
  private static CeilingSearch.Trial pipeline(double ceiling, String... noisyFailures) {
    List<String> noisy = List.of(noisyFailures);
    return (rate, run) -> rate <= ceiling && !noisy.contains((int) rate + "#" + run);
  }

  @Test
  void aSingleNoisyFailureBelowTheCeilingDoesNotLowerItWithRepeats() throws Exception {
    CeilingSearch.Result once = CeilingSearch.search(RATES, repeats(1), pipeline(4000, "2000#1"));
    assertThat(once.ceiling()).as("one run per rate: the noise is the ceiling").isEqualTo(1000);

    CeilingSearch.Result voted = CeilingSearch.search(RATES, repeats(3), pipeline(4000, "2000#1"));
    assertThat(voted.ceiling()).isEqualTo(4000);
    assertThat(voted.firstFailed()).isEqualTo(6000);
    CeilingSearch.RateVerdict noisy = voted.rates().get(1);
    assertThat(noisy.rate()).isEqualTo(2000);
    assertThat(noisy.runs()).isEqualTo(3);
    assertThat(noisy.held()).isEqualTo(2);
    assertThat(noisy.holds()).isTrue();
  }

  @Test
  void cleanRatesRunOnceAndTheRealCeilingCostsOnlyAMajorityOfRuns() throws Exception {
    CeilingSearch.Result r = CeilingSearch.search(RATES, repeats(3), pipeline(4000));
    assertThat(r.rates())
        .extracting(CeilingSearch.RateVerdict::runs)
        .containsExactly(1, 1, 1, 1, 2); // 6000 fails twice: the majority of 3, no third run
    assertThat(r.runs()).isEqualTo(6);
  }

  @Test
  void anEvenNumberOfRepeatsVotesOnOneMoreRunSoThereIsNoTie() throws Exception {
    assertThat(repeats(2).votes()).isEqualTo(3);
    CeilingSearch.Result r = CeilingSearch.search(RATES, repeats(2), pipeline(4000, "3000#1"));
    assertThat(r.ceiling()).isEqualTo(4000);
  }

  @Test
  void twoFailuresOfThreeAreTheCeilingEvenWhenTheOtherRunHolds() throws Exception {
    CeilingSearch.Result r =
        CeilingSearch.search(RATES, repeats(3), pipeline(4000, "3000#1", "3000#3"));
    assertThat(r.ceiling()).isEqualTo(2000);
    assertThat(r.firstFailed()).isEqualTo(3000);
  }

  @Test
  void repeatEveryStepRunsEveryHeldRateAllItsRepeats() throws Exception {
    CeilingSearch.Options every = new CeilingSearch.Options(3, true, 0, true, 10);
    CeilingSearch.Result r = CeilingSearch.search(List.of(1000, 2000, 4000), every, pipeline(2500));
    assertThat(r.rates()).extracting(CeilingSearch.RateVerdict::runs).containsExactly(3, 3, 2);
    assertThat(r.ceiling()).isEqualTo(2000);
  }

  @Test
  void bisectionNarrowsTheGapBetweenTheLastHeldAndTheFirstFailedRate() throws Exception {
    CeilingSearch.Options bisect = new CeilingSearch.Options(1, false, 3, true, 10);
    CeilingSearch.Result r =
        CeilingSearch.search(List.of(1000, 2000, 4000, 8000), bisect, pipeline(5300));
    assertThat(r.rates())
        .filteredOn(CeilingSearch.RateVerdict::bisection)
        .extracting(CeilingSearch.RateVerdict::rate)
        .containsExactly(6000.0, 5000.0, 5500.0);
    assertThat(r.ceiling()).isEqualTo(5000);
    assertThat(r.firstFailed()).isEqualTo(5500);
  }

  @Test
  void noCeilingWhenTheFirstRateFailsAndStepsGoOnWithoutStopAtCeiling() throws Exception {
    CeilingSearch.Result none = CeilingSearch.search(RATES, repeats(1), pipeline(500));
    assertThat(none.ceiling()).isNull();
    assertThat(none.firstFailed()).isEqualTo(1000);
    assertThat(none.rates()).hasSize(1);

    CeilingSearch.Options all = new CeilingSearch.Options(1, false, 0, false, 10);
    CeilingSearch.Result every = CeilingSearch.search(RATES, all, pipeline(4000, "6000#1"));
    assertThat(every.rates()).hasSize(RATES.size());
    assertThat(every.ceiling()).isEqualTo(4000);
  }

  /**
   * Each run below the true ceiling fails with probability 10 % (noise), each run above it fails:
   * with 3 repeats the search finds the true ceiling far more often than with one run per rate.
   */
  @Test
  void repeatsMakeTheSearchRobustToRandomNoise() throws Exception {
    Random random = new Random(42);
    int trials = 2000;
    Map<Integer, Integer> right = new HashMap<>();
    for (int repeats : new int[] {1, 3}) {
      int found = 0;
      for (int t = 0; t < trials; t++) {
        CeilingSearch.Result r =
            CeilingSearch.search(
                RATES, repeats(repeats), (rate, run) -> rate <= 4000 && random.nextDouble() >= 0.1);
        if (r.ceiling() != null && r.ceiling() == 4000) {
          found++;
        }
      }
      right.put(repeats, found);
    }
    // expected: 0.9^4 = 66 % with one run, (1 - 0.1 * 0.19)^4 = 93 % with three
    assertThat(right.get(1)).isBetween((int) (0.60 * trials), (int) (0.72 * trials));
    assertThat(right.get(3)).isGreaterThan((int) (0.90 * trials));
  }

  @Test
  void theReportJudgesTheRecordedRunsLikeTheSearch(@TempDir Path dir) throws Exception {
    List<StepRecord> recorded = new ArrayList<>();
    CeilingSearch.Options bisect = new CeilingSearch.Options(3, false, 2, true, 10);
    CeilingSearch.Result r =
        CeilingSearch.search(
            RATES,
            bisect,
            (rate, run) -> {
              boolean holds = rate <= 4600 && !(rate == 2000 && run == 1);
              recorded.add(
                  SyntheticBenchmarks.step(
                      summary(dir, rate, run, holds ? 40 : 150),
                      rate,
                      StepPhase.SEARCH,
                      run,
                      null));
              return holds;
            });
    assertThat(r.ceiling()).isEqualTo(4500);
    assertThat(BenchmarkReport.ceilingOf(recorded, BenchLimits.defaults())).isEqualTo(r.ceiling());
  }

  private static Path summary(Path dir, double rate, int run, double p95) {
    try {
      return SyntheticBenchmarks.summary(
          dir, "e2e-" + (int) rate + "-r" + run, SyntheticBenchmarks.E2e.at(rate, p95));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
