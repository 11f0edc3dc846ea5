package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BottleneckTest {

  private static Map<String, Double> cores(double service, double broker, double pg, double inj) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("broker", broker);
    m.put("postgres", pg);
    m.put("injector", inj);
    return m;
  }

  private static Bottleneck.Signals signals(
      Map<String, Double> used,
      Map<String, Double> allotted,
      double hostPct,
      long pending,
      long lag,
      boolean invalid,
      double delayMs,
      boolean held) {
    return new Bottleneck.Signals(
        used, allotted, 2, hostPct, pending, lag, 2000, invalid, delayMs, held);
  }

  @Test
  void aPinnedServiceNearItsOneCoreIsTheBottleneck() {
    Bottleneck.Verdict v =
        Bottleneck.of(
            signals(
                cores(0.93, 0.3, 0.2, 0.3), Map.of("service", 1.0), 80, 0, 5000, false, 1, false));
    assertThat(v.component()).isEqualTo("service");
    assertThat(v.reason()).contains("0.93 of 1.00 core(s) (93 %)");
    assertThat(v.saturation()).containsEntry("service", 0.93).containsEntry("broker", 0.15);
  }

  @Test
  void anInvalidRunOrALateInjectorBlamesTheInjectorFirst() {
    Map<String, Double> busy = cores(0.95, 0.3, 0.2, 0.3);
    Map<String, Double> pinned = Map.of("service", 1.0);
    assertThat(Bottleneck.of(signals(busy, pinned, 99, 5, 0, true, 1, false)).component())
        .isEqualTo("injector");
    Bottleneck.Verdict late = Bottleneck.of(signals(busy, pinned, 99, 5, 0, false, 80, false));
    assertThat(late.component()).isEqualTo("injector");
    assertThat(late.reason()).contains("scheduling delay p99 80.00 ms");
  }

  @Test
  void waitingForConnectionsIsThePoolWhenNoCpuIsNearItsLimit() {
    Bottleneck.Verdict v =
        Bottleneck.of(signals(cores(0.5, 0.3, 0.4, 0.3), Map.of(), 95, 3, 5000, false, 1, false));
    assertThat(v.component()).isEqualTo("db pool");
    assertThat(v.reason()).startsWith("3 service thread(s) waited");
  }

  @Test
  void aBusyMachineWithNobodyNearTheirAllotmentIsTheHostCpuAndNamesTheLargestUser() {
    Bottleneck.Verdict v =
        Bottleneck.of(signals(cores(0.7, 0.4, 0.3, 0.5), Map.of(), 96, 0, 5000, false, 2, false));
    assertThat(v.component()).isEqualTo("host CPU");
    assertThat(v.reason()).contains("96.00 % busy").contains("largest user service");
  }

  @Test
  void lagWithCpuToSpareIsTheServicesLatencyBoundBatches() {
    Bottleneck.Verdict v =
        Bottleneck.of(signals(cores(0.4, 0.2, 0.2, 0.2), Map.of(), 50, 0, 8000, false, 1, false));
    assertThat(v.component()).isEqualTo("service lag");
    assertThat(v.reason()).contains("8000 messages (4.00 s of traffic)");
  }

  @Test
  void aHeldStepWithNoLimitIsNoneAndAFailedOneUndetermined() {
    Map<String, Double> idle = cores(0.2, 0.1, 0.1, 0.1);
    assertThat(Bottleneck.of(signals(idle, Map.of(), 30, 0, 10, false, 1, true)).component())
        .isEqualTo("none");
    assertThat(Bottleneck.of(signals(idle, Map.of(), 30, 0, 10, false, 1, false)).component())
        .isEqualTo("undetermined");
  }

  @Test
  void theSignalsOfAStepComeFromItsUsageAndSummary(@TempDir Path dir) throws Exception {
    Path summary =
        SyntheticBenchmarks.summary(
            dir, "s", SyntheticBenchmarks.E2e.at(3000, 400).poolPending(4).lagPeak(9000));
    ComponentUsage usage =
        SyntheticBenchmarks.usage(
            20,
            3000,
            Map.of("service", 0.97, "broker", 0.3, "postgres", 0.25, "injector", 0.3, "host", 1.9));
    StepRecord step = SyntheticBenchmarks.step(summary, 3000, StepPhase.SEARCH, 1, usage);

    Bottleneck.Signals s = StepSignals.of(step, BenchLimits.defaults(), 2, 1);
    assertThat(s.coresAllotted()).containsEntry("service", 1.0);
    assertThat(s.hostCpuPct()).isEqualTo(95.0);
    assertThat(s.poolPendingPeak()).isEqualTo(4);
    assertThat(s.lagPeak()).isEqualTo(9000);
    assertThat(s.held()).isFalse();
    assertThat(Bottleneck.of(s).component()).isEqualTo("service");
    // unpinned, the same service uses 0.97 of 2 cores: the pool is what it waited for
    assertThat(Bottleneck.of(StepSignals.of(step, BenchLimits.defaults(), 2, null)).component())
        .isEqualTo("db pool");
    Path invalid =
        SyntheticBenchmarks.summary(dir, "i", SyntheticBenchmarks.E2e.at(3000, 40).invalid());
    assertThat(
            StepSignals.of(
                    SyntheticBenchmarks.step(invalid, 3000, StepPhase.SEARCH, 1, null),
                    BenchLimits.defaults(),
                    2,
                    null)
                .injectorInvalid())
        .isTrue();
  }

  @Test
  void theDecidingStepIsTheFirstFailedRunOfTheLowestFailedRate(@TempDir Path dir) throws Exception {
    StepRecord a = LatencyCurveTest.step(dir, 1000, StepPhase.SEARCH, 1, 20);
    StepRecord b1 = LatencyCurveTest.step(dir, 2000, StepPhase.SEARCH, 1, 200);
    StepRecord b2 = LatencyCurveTest.step(dir, 2000, StepPhase.SEARCH, 2, 300);
    assertThat(StepSignals.deciding(List.of(a, b1, b2), BenchLimits.defaults())).isSameAs(b1);
    assertThat(StepSignals.deciding(List.of(a), BenchLimits.defaults())).isSameAs(a);
    assertThat(StepSignals.deciding(List.of(), BenchLimits.defaults())).isNull();
  }
}
