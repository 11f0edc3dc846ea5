package io.pipelineperf.monitor;

import static io.pipelineperf.monitor.SyntheticRun.base;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesSummaryTest {

  @Test
  void computesPeaksMeansSharesAndDrainTime() {
    ResourcesSummary s = ResourcesSummary.of(SyntheticRun.healthy().samples());

    assertThat(s.cpu().peakPct()).isEqualTo(50.0);
    assertThat(s.cpu().meanPct()).isEqualTo(50.0); // over measured only: warm-up 30 % excluded
    assertThat(s.cpu().over()).isEqualTo(Phases.MEASURED);
    assertThat(s.heap().peakUsedBytes()).isEqualTo(600L * 1024 * 1024);
    // measured: gc pause grows 10 -> 29 ms over 19 s
    assertThat(s.gc().timeSharePct()).isCloseTo(100.0 * 19 / 19000, within(1e-3));
    assertThat(s.gc().pauseMs()).isEqualTo(30.0);
    assertThat(s.pool().peakUsePct()).isEqualTo(50.0);
    assertThat(s.pool().peakPending()).isZero();
    assertThat(s.pool().longestPendingSeconds()).isZero();
    assertThat(s.lag().peak()).isEqualTo(300L);
    assertThat(s.lag().drained()).isTrue();
    assertThat(s.lag().drainSeconds()).isEqualTo(3.0);
    assertThat(s.lag().loadEndT()).isEqualTo(SyntheticRun.T0 + 25_000);
    assertThat(s.host().cpuPeakPct()).isEqualTo(70.0);
    assertThat(s.injector().cpuMeanPct()).isEqualTo(15.0);
    assertThat(s.injector().gcTimeSharePct()).isCloseTo(100.0 * 19 / 19000, within(1e-3));
    // by thread group over the measured phase, the largest first
    assertThat(s.injector().cpuByThreadMs())
        .containsExactly(entry("kafkaproducer", 380.0), entry("gatling", 190.0));
    assertThat(s.monitor().samples()).isEqualTo(35);
    assertThat(s.monitor().cpuMeanPctOfOneCore()).isEqualTo(0.5);
  }

  @Test
  void serviceCpuByThreadGroupNamesWhatTheLabsJmxSamplingCostsIt() {
    List<Sample> samples =
        new SyntheticRun()
            .phase(
                Phases.MEASURED,
                11,
                i -> {
                  java.util.Map<String, Double> v = new java.util.HashMap<>();
                  v.put("svc.proc.cpu.ms", 1000.0 + 100 * i);
                  v.put("svc.cpu.thread.consumer.ms", 500.0 + 80 * i);
                  v.put("svc.cpu.thread.RMITCPConnect.ms", 10.0 + 3 * i);
                  v.put("svc.cpu.thread.JMXserverconn.ms", 1.0);
                  // a C2 compiler thread ends after the 6th sample: its group's sum falls, which
                  // must not count the group again
                  v.put("svc.cpu.thread.C2CompilerThre.ms", i < 6 ? 100.0 + 2 * i : 50.0 + 2 * i);
                  return v;
                })
            .samples();

    ResourcesSummary.Service service = ResourcesSummary.of(samples).service();

    assertThat(service.cpuMs()).isEqualTo(1000.0);
    assertThat(service.cpuByThreadMs())
        .containsExactly(
            entry("consumer", 800.0), entry("RMITCPConnect", 30.0), entry("C2CompilerThre", 18.0));
    assertThat(service.samplingCpuMs()).isEqualTo(30.0);
    // 30 ms of CPU in 10 s: 0.3 % of one core, 3 % of the service's CPU
    assertThat(service.samplingCpuPctOfOneCore()).isEqualTo(0.3);
    assertThat(service.samplingSharePct()).isEqualTo(3.0);
    assertThat(ResourcesSummary.of(SyntheticRun.healthy().samples()).service().cpuMs()).isNull();
  }

  @Test
  void countersThatRestartAreSummedLikePrometheusIncrease() {
    List<Sample> samples =
        new SyntheticRun()
            .phase(Phases.MEASURED, 4, i -> SyntheticRun.values("svc.gc.count", 10 + i))
            .phase(Phases.MEASURED, 3, i -> SyntheticRun.values("svc.gc.count", 1 + i))
            .samples();
    // 10..13 (+3), restart at 1 (+1), 1..3 (+2)
    assertThat(ResourcesSummary.of(samples).gc().count()).isEqualTo(6L);
  }

  @Test
  void missingMetricsAreNullAndMeanFallsBackToTheWholeRun() throws Exception {
    List<Sample> samples =
        new SyntheticRun()
            .phase("load", 3, i -> SyntheticRun.values("svc.cpu.pct", 10 * i))
            .samples();
    ResourcesSummary s = ResourcesSummary.of(samples);
    assertThat(s.cpu().over()).isEqualTo("run");
    assertThat(s.cpu().meanPct()).isEqualTo(10.0);
    assertThat(s.pool().peakPending()).isNull();
    assertThat(s.lag().drained()).isNull();

    JsonNode json = new ObjectMapper().readTree(s.toJson());
    assertThat(json.fieldNames())
        .toIterable()
        .contains("cpu", "heap", "gc", "pool", "lag", "host", "injector");
    assertThat(json.path("lag").has("peak")).isTrue();
    assertThat(json.path("lag").path("peak").isNull()).isTrue();
    assertThat(s.toMap()).containsKeys("cpu", "heap", "gc", "pool", "lag", "host", "injector");
  }

  @Test
  void pendingRunsAndUndrainedLag() {
    List<Sample> samples =
        new SyntheticRun()
            .phase(Phases.MEASURED, 10, i -> base(50, 500, i >= 2 && i < 7 ? 3 : 0, 100, 0, 0))
            .phase(Phases.COOL_DOWN, 5, i -> base(5, 500, 0, 50, 0, 0))
            .samples();
    ResourcesSummary s = ResourcesSummary.of(samples);
    assertThat(s.pool().longestPendingSeconds()).isEqualTo(5.0);
    assertThat(s.pool().peakPending()).isEqualTo(3L);
    assertThat(s.lag().drained()).isFalse();
    assertThat(s.lag().drainSeconds()).isNull();
    assertThat(s.lag().watchedSeconds()).isEqualTo(4.0);
  }
}
