package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingLauncherTest {

  @Test
  void theCommandIsGatlingsMainWithThePluginsJvmOptionsAndTheRunsFlags(@TempDir Path dir) {
    GatlingLauncher g = new GatlingLauncher(dir, "a.jar:b.jar", dir.resolve("runs"), null);
    List<String> cmd =
        g.command(
            "io.pipelineperf.simulations.LoadSimulation",
            List.of("-Drate=1000", "-Dtarget=external"),
            List.of("-XX:StartFlightRecording=filename=x.jfr"),
            false);
    assertThat(cmd.get(0)).endsWith("/bin/java");
    assertThat(cmd).containsAll(GatlingLauncher.PLUGIN_JVM_OPTIONS);
    assertThat(cmd)
        .containsSubsequence(
            "-XX:StartFlightRecording=filename=x.jfr",
            "-Drate=1000",
            "-Dgatling.resultsFolder=" + dir.resolve("runs"),
            "-cp",
            "a.jar:b.jar",
            "io.gatling.app.Gatling",
            "-s",
            "io.pipelineperf.simulations.LoadSimulation",
            "-rf",
            dir.resolve("runs").toString(),
            "-nr");
    assertThat(g.command("S", List.of(), List.of(), true)).doesNotContain("-nr");
  }

  @Test
  void theSummaryIsThePathTheRunPrinted(@TempDir Path dir) throws Exception {
    Path summary = Files.writeString(dir.resolve("summary.json"), "{}");
    Path log =
        Files.writeString(
            dir.resolve("step.log"),
            "noise \u00ff\nRun summary:          " + summary + "\nResources page: x\n",
            java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(GatlingLauncher.summaryFrom(log)).isEqualTo(summary);
    Path none = Files.writeString(dir.resolve("none.log"), "Run summary: /no/such/file\n");
    assertThat(GatlingLauncher.summaryFrom(none)).isNull();
    assertThat(GatlingLauncher.summaryFrom(dir.resolve("missing.log"))).isNull();
  }
}
