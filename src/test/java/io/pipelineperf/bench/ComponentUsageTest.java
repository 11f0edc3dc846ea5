package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentUsageTest {

  private static ComponentSample at(long t, double service, Double injector, long serviceMem) {
    Map<String, Double> cpu = new java.util.HashMap<>();
    cpu.put("service", service);
    cpu.put("host", service * 3);
    if (injector != null) {
      cpu.put("injector", injector);
    }
    return new ComponentSample(t, cpu, Map.of("service", serviceMem));
  }

  @Test
  void cpuPerMessageIsTheInterpolatedGrowthOverTheWindowDividedByItsMessages() {
    List<ComponentSample> samples =
        List.of(
            at(0, 0.0, null, 100),
            at(1000, 0.5, 0.0, 200),
            at(2000, 1.0, 0.3, 300),
            at(3000, 1.5, 0.6, 400));
    ComponentUsage u = ComponentUsage.between(samples, 500, 2500, 1000);

    assertThat(u.seconds()).isEqualTo(2.0);
    assertThat(u.messages()).isEqualTo(2000);
    assertThat(u.components().get("service").cpuSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(u.coresUsed("service")).isCloseTo(0.5, within(1e-9));
    assertThat(u.cpuUsPerMessage("service")).isCloseTo(500, within(1e-6));
    assertThat(u.cpuUsPerMessage("host")).isCloseTo(1500, within(1e-6));
    assertThat(u.memBytes("service")).isEqualTo(300); // the last sample in the window
    // the injector started at 1000 ms, after the window opened: not measured over it
    assertThat(u.components()).doesNotContainKey("injector");

    ComponentUsage later = ComponentUsage.between(samples, 1000, 3000, 1000);
    assertThat(later.cpuUsPerMessage("injector")).isCloseTo(300, within(1e-6));
  }

  @Test
  void anEmptyWindowOrOneOutsideTheSamplesHasNoUsage() {
    List<ComponentSample> samples = List.of(at(0, 0, null, 1), at(1000, 0.5, null, 1));
    assertThat(ComponentUsage.between(samples, 1000, 1000, 100)).isNull();
    assertThat(ComponentUsage.between(samples, 2000, 3000, 100)).isNull();
    assertThat(ComponentUsage.between(samples, 0, 1000, 0).cpuUsPerMessage("service")).isNull();
  }

  @Test
  void procStatReadsCpuAndParentPastACommandNameWithSpacesAndParentheses() {
    String line =
        "4242 (java (pp) x) S 17 4242 4242 0 -1 4194560 5000 0 0 0 1200 300 40 2 20 0 55 0"
            + " 123456 5000000000 98765 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0";
    ProcStat p = ProcStat.parse(line).orElseThrow();
    assertThat(p.pid()).isEqualTo(4242);
    assertThat(p.ppid()).isEqualTo(17);
    assertThat(p.cpuTicks()).isEqualTo(1500);
    assertThat(p.childrenCpuTicks()).isEqualTo(42);
    assertThat(p.rssPages()).isEqualTo(98765);
    assertThat(ProcStat.parse("garbage")).isEmpty();
    assertThat(ProcStat.parse(null)).isEmpty();
  }
}
