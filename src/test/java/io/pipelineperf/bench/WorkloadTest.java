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
            null);
    String sh = w.shellAssignments(Map.of("STEP_SECONDS", "99"));
    assertThat(sh)
        .contains("E2E_RATES='500'\n", "STOP_AT_CEILING='0'\n")
        .contains("STACK_FLAGS='-Dservice.consumer.threads=2 -Dx='\\''a b'\\'''")
        .doesNotContain("STEP_SECONDS");
  }

  @Test
  void anUnknownFieldOrABadNameIsRefused(@TempDir Path dir) throws Exception {
    Path typo = Files.writeString(dir.resolve("t.json"), "{\"name\": \"t\", \"e2eRate\": [1]}");
    assertThatThrownBy(() -> Workload.read(typo)).hasMessageContaining("e2eRate");
    Path bad = Files.writeString(dir.resolve("b.json"), "{\"name\": \"a b\"}");
    assertThatThrownBy(() -> Workload.read(bad)).hasMessageContaining("name");
  }
}
