package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {

  @Test
  void theCommittedWorkloadsReadAndTurnIntoTheScriptsSettings() {
    Workload quick = Workload.read(Path.of("simulations-data/benchmarks/quick.json"));
    Map<String, String> env = quick.environment();
    assertThat(env)
        .containsEntry("WORKLOAD_NAME", "quick")
        .containsEntry("ACK_RATES", "")
        .containsEntry("E2E_RATES", "1000 2000")
        .containsEntry("PP_RECORDS", "0")
        .containsEntry("STACK_FLAGS", "-Dtopic.partitions=6")
        .containsEntry("EXTRA_FLAGS", "-DmessageBytes=1024");

    Workload full = Workload.read(Path.of("simulations-data/benchmarks/full.json"));
    assertThat(full.environment().get("E2E_RATES")).startsWith("1000 2000 4000").endsWith("16000");
  }

  @Test
  void theEnvironmentWinsOverTheFileAndValuesAreQuotedForBash() {
    Workload w =
        new Workload(
            "w",
            null,
            null,
            java.util.List.of(500),
            10,
            null,
            null,
            null,
            null,
            null,
            2,
            null,
            false,
            "-Dx='a b'",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    String sh = w.shellAssignments(Map.of("STEP_SECONDS", "99"));
    assertThat(sh)
        .contains("E2E_RATES='500'\n", "STOP_AT_CEILING='0'\n")
        .contains("STACK_FLAGS='-Dservice.consumer.threads=2 -Dx='\\''a b'\\'''")
        .doesNotContain("STEP_SECONDS");
  }

  @Test
  void theNewFieldsReadFromJson(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("w.json"),
            """
            {"name": "w", "e2eRates": [1000, 2000], "repeats": 3, "repeatEveryStep": true,
             "bisectSteps": 2, "latencyCurveFractions": [0.1, 0.5, 0.9],
             "scaling": {"serviceCores": [1, 2], "consumerThreads": [1, 3]},
             "scalingRates": [500, 1000], "faults": ["db-down", "broker-down"],
             "faultFlags": "-Dprofile=low"}
            """);
    Workload w = Workload.read(file);
    assertThat(w.repeats()).isEqualTo(3);
    assertThat(w.repeatEveryStep()).isTrue();
    assertThat(w.bisectSteps()).isEqualTo(2);
    assertThat(w.latencyCurveFractions()).containsExactly(0.1, 0.5, 0.9);
    assertThat(w.cells())
        .extracting(ScalingCell::id)
        .containsExactly(
            "serviceCores=1,consumerThreads=1",
            "serviceCores=1,consumerThreads=3",
            "serviceCores=2,consumerThreads=1",
            "serviceCores=2,consumerThreads=3");
    assertThat(w.cells().get(1).stackFlags())
        .contains("-Dservice.consumer.threads=3")
        .anyMatch(f -> f.startsWith("-Dstack.serviceCpus="));
    assertThat(w.environment())
        .containsEntry("REPEATS", "3")
        .containsEntry("REPEAT_EVERY_STEP", "1")
        .containsEntry("BISECT_STEPS", "2")
        .containsEntry("CURVE_FRACTIONS", "0.1 0.5 0.9")
        .containsEntry("SCALING_RATES", "500 1000")
        .containsEntry("FAULTS", "db-down broker-down")
        .containsEntry("FAULT_FLAGS", "-Dprofile=low");
  }

  @Test
  void badValuesOfTheNewFieldsAreRefused(@TempDir Path dir) throws Exception {
    for (String bad :
        new String[] {
          "\"repeats\": 0",
          "\"latencyCurveFractions\": [1.5]",
          "\"scaling\": {\"cores\": [1]}",
          "\"scaling\": {\"consumerThreads\": []}",
          "\"bisectSteps\": -1",
          "\"faults\": [\"Db Down\"]"
        }) {
      Path file = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"b\", " + bad + "}");
      assertThatThrownBy(() -> Workload.read(file)).as(bad).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void theCommittedFullAndScalingWorkloadsUseTheNewFields() {
    Workload full = Workload.read(Path.of("simulations-data/benchmarks/full.json"));
    assertThat(full.repeats()).isEqualTo(3);
    assertThat(full.latencyCurveFractions()).containsExactly(0.1, 0.25, 0.5, 0.75, 0.9);
    Workload scaling = Workload.read(Path.of("simulations-data/benchmarks/scaling.json"));
    assertThat(scaling.cells()).hasSize(4);
    assertThat(scaling.e2eRates()).isEmpty();
    assertThat(scaling.scalingRates()).isNotEmpty();
  }

  @Test
  void anUnknownFieldOrABadNameIsRefused(@TempDir Path dir) throws Exception {
    Path typo = Files.writeString(dir.resolve("t.json"), "{\"name\": \"t\", \"e2eRate\": [1]}");
    assertThatThrownBy(() -> Workload.read(typo)).hasMessageContaining("e2eRate");
    Path bad = Files.writeString(dir.resolve("b.json"), "{\"name\": \"a b\"}");
    assertThatThrownBy(() -> Workload.read(bad)).hasMessageContaining("name");
  }
}
