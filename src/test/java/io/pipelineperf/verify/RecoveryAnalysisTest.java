package io.pipelineperf.verify;

import static io.pipelineperf.verify.SyntheticFaultRun.HEAL_SECOND;
import static io.pipelineperf.verify.SyntheticFaultRun.INJECT_SECOND;
import static io.pipelineperf.verify.SyntheticFaultRun.WINDOW;
import static io.pipelineperf.verify.SyntheticFaultRun.at;
import static io.pipelineperf.verify.SyntheticFaultRun.lag;
import static io.pipelineperf.verify.SyntheticFaultRun.throughput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class RecoveryAnalysisTest {

  private final RecoveryAnalysis analysis = new RecoveryAnalysis();

  private static RecoveryInputs inputs(IntToDoubleFunction rate, IntToDoubleFunction lag) {
    return RecoveryInputs.of(throughput(rate, Set.of()), lag(lag, Set.of()));
  }

  @Test
  void recoveredAfterADip() {
    FaultOutcome o =
        analysis.analyse(WINDOW, inputs(SyntheticFaultRun::dipRate, SyntheticFaultRun::dipLag));

    assertThat(o.baselineRate()).isEqualTo(1000);
    assertThat(o.baselineLag()).isEqualTo(100);
    assertThat(o.lagLimit()).isEqualTo(600);
    // the first tick after the injection (ending 1 s in) shows the dip
    assertThat(o.detectSeconds()).isEqualTo(1.0);
    assertThat(o.detectedBy()).isEqualTo("throughput");
    // throughput is back from the heal, lag only from its sample 2.5 s after it
    assertThat(o.recoverySeconds()).isEqualTo(2.5);
    assertThat(o.recovered()).isTrue();
    assertThat(o.notes()).isEmpty();
  }

  @Test
  void aBaselineAboveTheOfferedRateWasACatchUpAndIsCappedToIt() {
    // 1200 msg/s before the fault (a backlog draining), 1000 offered: steady 1000 after it
    IntToDoubleFunction rate =
        s -> s < INJECT_SECOND ? 1200 : s < HEAL_SECOND ? 0 : s < HEAL_SECOND + 3 ? 3000 : 1000;
    RecoveryInputs uncapped = inputs(rate, SyntheticFaultRun::dipLag);

    assertThat(analysis.analyse(WINDOW, uncapped).recoverySeconds())
        .as("0.9 x 1200 is never reached again")
        .isNull();
    FaultOutcome capped = analysis.analyse(WINDOW, uncapped.withOfferedRate(1000));
    assertThat(capped.baselineRate()).isEqualTo(1000);
    assertThat(capped.recoverySeconds()).isEqualTo(2.5);
    assertThat(capped.notes()).anyMatch(n -> n.contains("still catching up"));
  }

  @Test
  void aFaultWithoutEffectIsNeverDetectedAndRecoveryIsZero() {
    FaultOutcome o = analysis.analyse(WINDOW, inputs(s -> 1000, s -> 100));

    assertThat(o.detectSeconds()).isNull();
    assertThat(o.detectedBy()).isNull();
    assertThat(o.detected()).isFalse();
    assertThat(o.recoverySeconds()).isEqualTo(0.0);
  }

  @Test
  void aDipBelowTheRatioIsDetectedButNinetyPercentIsNot() {
    IntToDoubleFunction dip91 = s -> s >= INJECT_SECOND + 3 && s < HEAL_SECOND ? 910 : 1000;
    IntToDoubleFunction dip89 = s -> s >= INJECT_SECOND + 3 && s < HEAL_SECOND ? 890 : 1000;

    assertThat(analysis.analyse(WINDOW, inputs(dip91, s -> 100)).detected()).isFalse();
    FaultOutcome o = analysis.analyse(WINDOW, inputs(dip89, s -> 100));
    assertThat(o.detectSeconds()).isEqualTo(4.0);
  }

  @Test
  void neverRecoveredWhenThroughputStaysLow() {
    IntToDoubleFunction rate = s -> s < INJECT_SECOND ? 1000 : 500;

    FaultOutcome o = analysis.analyse(WINDOW, inputs(rate, s -> 100));

    assertThat(o.detectSeconds()).isEqualTo(1.0);
    assertThat(o.recoverySeconds()).isNull();
    assertThat(o.recovered()).isFalse();
  }

  @Test
  void neverRecoveredWhenLagStaysHigh() {
    IntToDoubleFunction lag = s -> s < INJECT_SECOND ? 100 : 20_000;

    FaultOutcome o = analysis.analyse(WINDOW, inputs(SyntheticFaultRun::dipRate, lag));

    assertThat(o.recoverySeconds()).isNull();
  }

  @Test
  void aHealthyStretchShorterThanTheRequiredSecondsDoesNotCount() {
    // back for 2 s, down again for 2 s, then back for good from 34 s
    IntToDoubleFunction rate =
        s -> (s >= INJECT_SECOND && s < HEAL_SECOND) || s == 32 || s == 33 ? 0 : 1000;

    FaultOutcome o = analysis.analyse(WINDOW, inputs(rate, s -> 100));

    assertThat(o.recoverySeconds()).isEqualTo(4.0);
    assertThat(
            new RecoveryAnalysis(RecoveryAnalysis.Settings.defaults().withConsecutiveSeconds(2))
                .analyse(WINDOW, inputs(rate, s -> 100))
                .recoverySeconds())
        .isEqualTo(0.0);
  }

  @Test
  void recoveryMustHoldWithinTheData() {
    // healthy only in the run's last 2 seconds
    IntToDoubleFunction rate = s -> s >= INJECT_SECOND && s < 58 ? 0 : 1000;

    assertThat(analysis.analyse(WINDOW, inputs(rate, s -> 100)).recoverySeconds()).isNull();
  }

  @Test
  void aNonZeroLagBaselineIsWhereLagMustReturnTo() {
    IntToDoubleFunction behind =
        s -> s < INJECT_SECOND ? 5000 : s < HEAL_SECOND + 5 ? 15_000 : 5400;
    IntToDoubleFunction stillBehind =
        s -> s < INJECT_SECOND ? 5000 : s < HEAL_SECOND + 5 ? 15_000 : 5600;

    FaultOutcome o = analysis.analyse(WINDOW, inputs(SyntheticFaultRun::dipRate, behind));
    assertThat(o.baselineLag()).isEqualTo(5000);
    assertThat(o.lagLimit()).isEqualTo(5500);
    assertThat(o.recoverySeconds()).isEqualTo(5.5);

    assertThat(
            analysis
                .analyse(WINDOW, inputs(SyntheticFaultRun::dipRate, stillBehind))
                .recoverySeconds())
        .isNull();
  }

  @Test
  void aLagToleranceFloorAppliesAtLowRates() {
    IntToDoubleFunction rate = s -> s >= INJECT_SECOND && s < HEAL_SECOND ? 0 : 4;
    IntToDoubleFunction lag = s -> s < INJECT_SECOND ? 0 : s < HEAL_SECOND ? 40 : 10;

    FaultOutcome o = analysis.analyse(WINDOW, inputs(rate, lag));

    assertThat(o.lagLimit()).isEqualTo(10);
    assertThat(o.recoverySeconds()).isEqualTo(0.5);
  }

  @Test
  void aShortGapInThroughputIsBridgedALongOneIsUnknown() {
    IntToDoubleFunction rate = s -> s >= INJECT_SECOND && s <= HEAL_SECOND ? 0 : 1000;

    // one missing point (a 2 s tick) inside the healthy stretch: still recovered 1 s after heal
    FaultOutcome bridged =
        analysis.analyse(
            WINDOW, RecoveryInputs.of(throughput(rate, Set.of(32)), lag(s -> 100, Set.of())));
    assertThat(bridged.recoverySeconds()).isEqualTo(1.0);

    // three missing points: the 2 healthy seconds before them are not enough; after the gap the
    // first point (second 36) covers only its own second [36 s, 37 s)
    FaultOutcome broken =
        analysis.analyse(
            WINDOW,
            RecoveryInputs.of(throughput(rate, Set.of(33, 34, 35)), lag(s -> 100, Set.of())));
    assertThat(broken.recoverySeconds()).isEqualTo(6.0);
  }

  @Test
  void aGapInLagSamplesIsUnknownNotHealthy() {
    IntToDoubleFunction rate = s -> s >= INJECT_SECOND && s < HEAL_SECOND ? 0 : 1000;

    FaultOutcome o =
        analysis.analyse(
            WINDOW,
            RecoveryInputs.of(
                throughput(rate, Set.of()),
                lag(s -> 100, Set.of(HEAL_SECOND + 1, HEAL_SECOND + 2, HEAL_SECOND + 3))));

    // the sample at 30.5 s holds one spacing (to 31.5 s); samples resume at 34.5 s
    assertThat(o.recoverySeconds()).isEqualTo(4.5);
  }

  @Test
  void gapsInTheBaselineWindowStillGiveABaseline() {
    FaultOutcome o =
        analysis.analyse(
            WINDOW,
            RecoveryInputs.of(
                throughput(SyntheticFaultRun::dipRate, Set.of(12, 13, 14, 15, 16)),
                lag(SyntheticFaultRun::dipLag, Set.of(15, 16, 17))));

    assertThat(o.baselineRate()).isEqualTo(1000);
    assertThat(o.baselineLag()).isEqualTo(100);
    assertThat(o.recoverySeconds()).isEqualTo(2.5);
  }

  @Test
  void baselineIsTheMedianOfTheTenSecondsBeforeTheInjection() {
    // seconds 10..19: five 800s, four 1200s and one 100000 (a mean would say 10900);
    // the far-off earlier seconds lie outside the 10 s window
    IntToDoubleFunction rate =
        s -> s < 10 ? 5 : s == 15 ? 100_000 : s < INJECT_SECOND ? (s % 2 == 0 ? 800 : 1200) : 1000;

    FaultOutcome o = analysis.analyse(WINDOW, inputs(rate, s -> 100));

    assertThat(o.baselineRate()).isEqualTo(1000);
  }

  @Test
  void withoutLagSamplesRecoveryIsJudgedOnThroughputAlone() {
    IntToDoubleFunction rate = s -> s >= INJECT_SECOND && s < HEAL_SECOND ? 0 : 1000;

    FaultOutcome o =
        analysis.analyse(WINDOW, RecoveryInputs.of(throughput(rate, Set.of()), List.of()));

    assertThat(o.baselineLag()).isNull();
    assertThat(o.lagLimit()).isNull();
    assertThat(o.recoverySeconds()).isEqualTo(0.0);
    assertThat(o.notes()).anyMatch(n -> n.contains("throughput alone"));
  }

  @Test
  void withoutAThroughputBaselineRecoveryIsNotMeasurable() {
    FaultWindow early = new FaultWindow(at(0), at(5));

    FaultOutcome o = analysis.analyse(early, inputs(s -> 1000, s -> 100));

    assertThat(o.baselineRate()).isNull();
    assertThat(o.recoverySeconds()).isNull();
    assertThat(o.notes()).anyMatch(n -> n.contains("no rate baseline"));
  }

  @Test
  void theFirstErrorOrReadinessDownDetectsEarlierThanThroughput() {
    RecoveryInputs base = inputs(SyntheticFaultRun::dipRate, SyntheticFaultRun::dipLag);

    FaultOutcome byError =
        analysis.analyse(
            WINDOW, base.withErrors(List.of(at(INJECT_SECOND + 0.4), at(INJECT_SECOND + 0.3))));
    assertThat(byError.detectSeconds()).isEqualTo(0.3);
    assertThat(byError.detectedBy()).isEqualTo("error");

    FaultOutcome byReadiness =
        analysis.analyse(
            WINDOW,
            base.withErrors(List.of(at(INJECT_SECOND + 0.3)))
                .withReadinessDown(List.of(at(INJECT_SECOND + 0.2))));
    assertThat(byReadiness.detectSeconds()).isEqualTo(0.2);
    assertThat(byReadiness.detectedBy()).isEqualTo("readiness");
  }

  @Test
  void signalsOutsideTheWindowAreNotDetection() {
    RecoveryInputs inputs =
        inputs(s -> 1000, s -> 100)
            .withErrors(List.of(at(INJECT_SECOND - 1), at(HEAL_SECOND + 1)))
            .withReadinessDown(List.of(at(HEAL_SECOND + 2)));

    assertThat(analysis.analyse(WINDOW, inputs).detected()).isFalse();
  }

  @Test
  void errorsAreCountedInsideAndOutsideTheWindow() {
    List<Long> errors =
        List.of(
            at(5),
            at(INJECT_SECOND),
            at(25),
            at(25.5),
            at(HEAL_SECOND),
            at(HEAL_SECOND + 2),
            at(50));
    RecoveryInputs inputs = inputs(s -> 1000, s -> 100).withErrors(errors);

    FaultOutcome o = analysis.analyse(WINDOW, inputs);

    assertThat(o.errorsInside()).isEqualTo(4);
    assertThat(o.errorsOutside()).isEqualTo(3);
    // ticks ending 20 s .. 30 s lie in the window; the other 49 processed 1000 each
    assertThat(o.outsideErrorRatePct()).isCloseTo(100.0 * 3 / (49_000 + 3), within(1e-9));

    FaultOutcome withGrace =
        new RecoveryAnalysis(RecoveryAnalysis.Settings.defaults().withErrorGraceMs(5000))
            .analyse(WINDOW, inputs);
    assertThat(withGrace.errorsInside()).isEqualTo(5);
    assertThat(withGrace.errorsOutside()).isEqualTo(2);
  }

  @Test
  void noTrafficOutsideTheWindowGivesNoErrorRate() {
    FaultWindow all = new FaultWindow(at(-100), at(100));

    FaultOutcome o = analysis.analyse(all, inputs(s -> 1000, s -> 100));

    assertThat(o.outsideErrorRatePct()).isNull();
  }

  @Test
  void unsortedAndDuplicatePointsAreTolerated() {
    var points = new java.util.ArrayList<>(throughput(SyntheticFaultRun::dipRate, Set.of()));
    java.util.Collections.reverse(points);
    points.add(points.get(0));
    FaultOutcome o =
        analysis.analyse(
            WINDOW, RecoveryInputs.of(points, lag(SyntheticFaultRun::dipLag, Set.of())));

    assertThat(o.recoverySeconds()).isEqualTo(2.5);
  }

  @Test
  void badSettingsAndWindowsFailFast() {
    assertThatThrownBy(() -> new FaultWindow(at(10), at(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it was injected");
    assertThatThrownBy(() -> RecoveryAnalysis.Settings.defaults().withConsecutiveSeconds(0))
        .hasMessageContaining("consecutiveSeconds");
  }
}
