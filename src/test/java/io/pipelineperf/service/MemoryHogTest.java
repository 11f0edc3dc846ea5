package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory-hog defect kills a small-heap JVM (G1, as the stack runs it) with exit code 3, through
 * the service's handler or through the JVM flag the stack passes.
 */
class MemoryHogTest {
  private static final long BOUND_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void theServiceHandlerHaltsWithExitCode3AndSaysWhy() throws Exception {
    Result r = runChild(List.of(), "hog", "200");
    assertThat(r.exitCode).as(r.output).isEqualTo(OutOfMemoryExit.EXIT_CODE);
    assertThat(r.output)
        .contains("OutOfMemoryError in thread defect-memory-hog")
        .contains("exits with code 3");
  }

  @Test
  void anOutOfMemoryErrorNobodyCatchesInAnyThreadAlsoHaltsWith3() throws Exception {
    Result r = runChild(List.of(), "uncaught");
    assertThat(r.exitCode).as(r.output).isEqualTo(OutOfMemoryExit.EXIT_CODE);
    assertThat(r.output).contains("OutOfMemoryError in thread main");
  }

  @Test
  void withExitOnOutOfMemoryErrorTheJvmAlsoExitsWith3() throws Exception {
    Result r = runChild(List.of("-XX:+ExitOnOutOfMemoryError"), "hog", "200");
    assertThat(r.exitCode).as(r.output).isEqualTo(OutOfMemoryExit.EXIT_CODE);
    assertThat(r.output).contains("Terminating due to java.lang.OutOfMemoryError");
  }

  private record Result(int exitCode, String output) {}

  private Result runChild(List<String> flags, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx64m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1"));
    command.addAll(flags);
    command.addAll(
        List.of(
            "-Dlogback.configurationFile=" + PipelineService.LOGBACK_CONFIG,
            "-cp",
            System.getProperty("java.class.path"),
            MemoryHogChild.class.getName()));
    command.addAll(List.of(args));
    Path log = dir.resolve("child.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      boolean ended = process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as("child JVM still alive after %d s: %s", BOUND_SECONDS, output).isTrue();
      return new Result(process.exitValue(), output);
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
