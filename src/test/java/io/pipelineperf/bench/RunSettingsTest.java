package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

  private static final Workload QUICK =
      Workload.read(Path.of("simulations-data/benchmarks/quick.json"));

  @Test
  void withoutAWorkloadTheDefaultsOfTheFullBenchmark() {
    RunSettings s = RunSettings.of(null, Map.of());
    assertThat(s.workload()).isEqualTo("custom");
    assertThat(s.e2eRates()).startsWith(1000, 2000, 4000).endsWith(16000);
    assertThat(s.ackRates()).hasSize(7);
    assertThat(s.stepSeconds()).isEqualTo(30);
    assertThat(s.repeats()).isEqualTo(1);
    assertThat(s.stopAtCeiling()).isTrue();
    assertThat(s.scaling()).isEmpty();
    assertThat(s.hasMainPhase()).isTrue();
  }

  @Test
  void theEnvironmentWinsOverTheWorkloadAsItDidForTheScript() {
    RunSettings s =
        RunSettings.of(
            QUICK,
            Map.of(
                "E2E_RATES", "500 750",
                "STEP_SECONDS", "",
                "REPEATS", "3",
                "CURVE_FRACTIONS", "0.5",
                "STACK_FLAGS", "-Dtopic.partitions=6 -Dservice.defect=slow-write",
                "WORKLOAD_NAME", "ignored"));
    assertThat(s.workload()).isEqualTo("quick");
    assertThat(s.e2eRates()).containsExactly(500, 750);
    assertThat(s.ackRates()).isEmpty();
    assertThat(s.stepSeconds()).isEqualTo(15); // empty: the workload's value stays
    assertThat(s.repeats()).isEqualTo(3);
    assertThat(s.curveFractions()).containsExactly(0.5);
    assertThat(s.stackFlags()).isEqualTo("-Dtopic.partitions=6 -Dservice.defect=slow-write");
    assertThat(s.extraFlags()).isEqualTo("-DmessageBytes=1024");
    assertThat(s.e2eSearch().votes()).isEqualTo(3);
    assertThat(s.properties())
        .containsEntry("workload", "quick")
        .containsEntry("e2eRates", "500 750")
        .containsEntry("stackFlags", "-Dtopic.partitions=6 -Dservice.defect=slow-write")
        .containsEntry("repeats", "3");
  }

  @Test
  void anEmptyListVariableSkipsThePhase() {
    RunSettings s = RunSettings.of(null, Map.of("ACK_RATES", "", "PP_RECORDS", "0"));
    assertThat(s.ackRates()).isEmpty();
    assertThat(s.producerPerfRecords()).isZero();
  }

  @Test
  void theScalingMatrixComesFromTheWorkloadAndItsCellsUseTheirOwnRates() {
    Workload scaling = Workload.read(Path.of("simulations-data/benchmarks/scaling.json"));
    RunSettings s = RunSettings.of(scaling, Map.of());
    assertThat(s.hasMainPhase()).isFalse();
    assertThat(s.scaling()).hasSize(4);
    assertThat(s.cellRates()).isEqualTo(scaling.scalingRates());
    assertThat(RunSettings.of(QUICK, Map.of()).cellRates()).containsExactly(1000, 2000);
  }

  @Test
  void badValuesAreRefusedBeforeAnythingStarts() {
    assertThatThrownBy(() -> RunSettings.of(null, Map.of("REPEATS", "0")))
        .hasMessageContaining("REPEATS");
    assertThatThrownBy(() -> RunSettings.of(null, Map.of("STOP_AT_CEILING", "yes")))
        .hasMessageContaining("STOP_AT_CEILING");
    assertThatThrownBy(() -> RunSettings.of(null, Map.of("E2E_RATES", "1k")))
        .hasMessageContaining("1k");
    Workload tooManyCores =
        new Workload(
            "w",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of("serviceCores", List.of(1024)),
            null,
            null,
            null);
    assertThatThrownBy(() -> RunSettings.of(tooManyCores, Map.of()))
        .hasMessageContaining("1024 service cores");
  }
}
