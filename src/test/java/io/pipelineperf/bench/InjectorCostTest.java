package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InjectorCostTest {

  @Test
  void cpuTimeGrowthOverTheMeasuredSpanPerMessage() {
    List<Sample> measured =
        List.of(
            new Sample(10_000, "measured", Map.of("inj.cpu.ms", 1_000.0)),
            new Sample(11_000, "measured", Map.of("inj.cpu.ms", 1_030.0)),
            new Sample(20_000, "measured", Map.of("inj.cpu.ms", 1_500.0)));
    // 500 ms of CPU over 10 s at 1000 msg/s: 50 µs per message
    assertThat(InjectorCost.microsPerMessage(measured, 1000)).isCloseTo(50.0, within());
  }

  @Test
  void olderRunsFallBackToTheMeanCpuShareTimesTheCores() {
    List<Sample> measured =
        List.of(
            new Sample(0, "measured", Map.of("inj.cpu.pct", 10.0, "host.cpus", 2.0)),
            new Sample(10_000, "measured", Map.of("inj.cpu.pct", 20.0, "host.cpus", 2.0)));
    // 15 % of 2 cores = 0.3 s of CPU per second; at 2000 msg/s: 150 µs per message
    assertThat(InjectorCost.microsPerMessage(measured, 2000)).isCloseTo(150.0, within());
  }

  @Test
  void noFigureWithoutTwoMeasuredSamplesOrARate() {
    assertThat(InjectorCost.microsPerMessage(List.of(), 1000)).isNull();
    assertThat(
            InjectorCost.microsPerMessage(
                List.of(
                    new Sample(0, "measured", Map.of("inj.cpu.ms", 1.0)),
                    new Sample(1000, "measured", Map.of("inj.cpu.ms", 2.0))),
                0))
        .isNull();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
