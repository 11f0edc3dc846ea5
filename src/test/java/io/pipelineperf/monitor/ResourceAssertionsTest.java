package io.pipelineperf.monitor;

import static io.pipelineperf.monitor.SyntheticRun.base;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.monitor.ResourceAssertions.Thresholds;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourceAssertionsTest {

  private static final Thresholds DEFAULTS = Thresholds.defaults();

  @AfterEach
  void clearProperties() {
    System.clearProperty("resources.maxMeanCpuPct");
    System.clearProperty("resources.maxHeapMb");
  }

  @Test
  void aHealthyRunPassesEveryAssertion() {
    List<AssertionResult> results =
        ResourceAssertions.check(ResourcesSummary.of(SyntheticRun.healthy().samples()), DEFAULTS);
    assertThat(results).hasSize(4).allMatch(AssertionResult::passed);
    assertThat(results.get(0).actual()).isEqualTo(50.0);
    assertThat(results.get(0).threshold()).isEqualTo(80.0);
    assertThat(results.get(3).actual()).isEqualTo(3.0);
  }

  @Test
  void cpuMeanOverTheMeasuredPhaseCanFail() {
    List<Sample> samples =
        new SyntheticRun()
            .phase(Phases.WARM_UP, 5, i -> base(20, 400, 0, 0, 0, 0))
            .phase(Phases.MEASURED, 10, i -> base(85, 400, 0, 0, 0, 0))
            .samples();
    AssertionResult cpu = ResourceAssertions.cpu(ResourcesSummary.of(samples), DEFAULTS);
    assertThat(cpu.passed()).isFalse();
    assertThat(cpu.actual()).isEqualTo(85.0);
    assertThat(cpu.description()).contains("measured").contains("80");
  }

  @Test
  void heapAboveTheLimitFails() {
    List<Sample> samples =
        new SyntheticRun()
            .phase(Phases.MEASURED, 5, i -> base(10, i == 3 ? 2100 : 500, 0, 0, 0, 0))
            .samples();
    AssertionResult heap = ResourceAssertions.heap(ResourcesSummary.of(samples), DEFAULTS);
    assertThat(heap.passed()).isFalse();
    assertThat(heap.actual()).isEqualTo(2100.0);
    assertThat(heap.threshold()).isEqualTo(2048.0);
  }

  @Test
  void poolPendingLongerThanThreeConsecutiveSecondsFails() {
    List<Sample> threeSeconds =
        new SyntheticRun()
            .phase(Phases.MEASURED, 10, i -> base(10, 500, i % 5 < 3 ? 1 : 0, 0, 0, 0))
            .samples();
    assertThat(ResourceAssertions.pending(ResourcesSummary.of(threeSeconds), DEFAULTS).passed())
        .isTrue();

    List<Sample> fourSeconds =
        new SyntheticRun()
            .phase(Phases.MEASURED, 10, i -> base(10, 500, i >= 5 && i < 9 ? 2 : 0, 0, 0, 0))
            .samples();
    AssertionResult pending =
        ResourceAssertions.pending(ResourcesSummary.of(fourSeconds), DEFAULTS);
    assertThat(pending.passed()).isFalse();
    assertThat(pending.actual()).isEqualTo(4.0);
  }

  @Test
  void lagThatDrainsTooSlowlyOrNeverFails() {
    List<Sample> slow =
        new SyntheticRun()
            .phase(Phases.MEASURED, 3, i -> base(10, 500, 0, 1000, 0, 0))
            .phase(Phases.COOL_DOWN, 40, i -> base(10, 500, 0, i < 35 ? 1000 - 25 * i : 0, 0, 0))
            .samples();
    AssertionResult late = ResourceAssertions.lagDrain(ResourcesSummary.of(slow), DEFAULTS);
    assertThat(late.passed()).isFalse();
    assertThat(late.actual()).isEqualTo(35.0);

    List<Sample> never =
        new SyntheticRun()
            .phase(Phases.MEASURED, 3, i -> base(10, 500, 0, 1000, 0, 0))
            .phase(Phases.COOL_DOWN, 5, i -> base(10, 500, 0, 900, 0, 0))
            .samples();
    AssertionResult stuck = ResourceAssertions.lagDrain(ResourcesSummary.of(never), DEFAULTS);
    assertThat(stuck.passed()).isFalse();
    assertThat(stuck.actual()).isNull();
    assertThat(stuck.description()).contains("not drained");
  }

  @Test
  void missingDataFailsAndSaysSo() {
    List<Sample> nothing =
        new SyntheticRun()
            .phase(Phases.MEASURED, 3, i -> SyntheticRun.values("host.cpu.pct", 5))
            .samples();
    List<AssertionResult> results =
        ResourceAssertions.check(ResourcesSummary.of(nothing), DEFAULTS);
    assertThat(results).noneMatch(AssertionResult::passed);
    assertThat(results).allMatch(r -> r.description().contains("no data"));
  }

  @Test
  void aServiceSampledOnlyByPidIsJudgedOnItsProcessCpuAndResidentMemory() {
    List<Sample> byPid =
        new SyntheticRun()
            .phase(Phases.MEASURED, 5, i -> process(30, 500, 100))
            .phase(Phases.COOL_DOWN, 3, i -> process(5, 500, 0))
            .samples();
    ResourcesSummary summary = ResourcesSummary.of(byPid);
    assertThat(summary.cpu().source()).isEqualTo("/proc by pid");
    assertThat(summary.process().rssPeakBytes()).isEqualTo(500L * 1024 * 1024);
    List<AssertionResult> results = ResourceAssertions.check(summary, DEFAULTS);
    assertThat(results)
        .extracting(AssertionResult::description)
        .containsExactly(
            "service CPU mean over the measured phase < 80 %",
            "service peak resident memory < 2048 MB",
            "consumer lag drained within 30 s after load ends");
    assertThat(results).allMatch(AssertionResult::passed);

    List<Sample> fat =
        new SyntheticRun()
            .phase(Phases.MEASURED, 5, i -> process(30, 3000, 100))
            .phase(Phases.COOL_DOWN, 3, i -> process(5, 3000, 0))
            .samples();
    AssertionResult memory = ResourceAssertions.check(ResourcesSummary.of(fat), DEFAULTS).get(1);
    assertThat(memory.passed()).isFalse();
    assertThat(memory.actual()).isEqualTo(3000.0);
  }

  private static java.util.Map<String, Double> process(double cpu, double rssMb, double lag) {
    return SyntheticRun.values(
        "svc.proc.cpu.pct", cpu, "svc.proc.rss.bytes", rssMb * 1024 * 1024, "lag.total", lag);
  }

  @Test
  void thresholdsComeFromSystemPropertiesAndBadValuesNameTheSetting() {
    System.setProperty("resources.maxMeanCpuPct", "40");
    Thresholds t = Thresholds.fromSystemProperties();
    assertThat(t.maxMeanCpuPct()).isEqualTo(40.0);
    assertThat(t.maxHeapMb()).isEqualTo(2048.0);
    assertThat(
            ResourceAssertions.check(ResourcesSummary.of(SyntheticRun.healthy().samples()))
                .get(0)
                .passed())
        .isFalse();

    System.setProperty("resources.maxHeapMb", "2GB");
    assertThatThrownBy(Thresholds::fromSystemProperties)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resources.maxHeapMb=2GB")
        .hasMessageContaining("-Dresources.maxHeapMb=");
  }
}
