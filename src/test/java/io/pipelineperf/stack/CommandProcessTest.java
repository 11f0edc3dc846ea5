package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dsut=command} with a real shell: environment, log, stop and kill of the whole group. */
class CommandProcessTest {

  @TempDir Path dir;

  private CommandProcess command(String command) {
    Map<String, String> env =
        CommandProcess.environment(
            "127.0.0.1:9092",
            "jdbc:postgresql://127.0.0.1:5432/postgres",
            "pipeline",
            "secret",
            Topics.defaults());
    return new CommandProcess(
        command, env, dir.resolve("stack").resolve("sut.log"), Duration.ofMillis(300));
  }

  @Test
  void getsTheStackInItsEnvironmentAndStopTakesItsChildrenDown() throws Exception {
    Path envFile = dir.resolve("env.txt");
    // a child that ignores nothing: TERM to the group must reach the sleep too
    CommandProcess sut = command("env > '" + envFile + "'; echo started; sleep 60 & wait");
    sut.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(envFile));
      List<String> env = Files.readAllLines(envFile);
      assertThat(env)
          .contains(
              "KAFKA_BOOTSTRAP=127.0.0.1:9092",
              "DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres",
              "DB_USER=pipeline",
              "DB_PASSWORD=secret",
              "INPUT_TOPIC=" + Topics.defaults().input());
      assertThat(sut.isRunning()).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Signals.withDescendants(sut.pid()).size() >= 2);
      List<Long> tree = Signals.withDescendants(sut.pid());
      sut.stop();
      assertThat(sut.isRunning()).isFalse();
      for (long pid : tree) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("pid %d after stop", pid)
            .isFalse();
      }
      assertThat(Files.readString(dir.resolve("stack").resolve("sut.log")))
          .contains("starting: env >")
          .contains("started");
    } finally {
      sut.kill();
    }
  }

  @Test
  void sigkillEndsAProcessThatIgnoresSigtermAndStartRunsItAgain() throws Exception {
    CommandProcess sut = command("trap '' TERM; while true; do sleep 0.2; done");
    sut.start();
    try {
      long first = sut.pid();
      sut.kill();
      assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      sut.start();
      assertThat(sut.pid()).isPositive().isNotEqualTo(first);
    } finally {
      sut.kill();
    }
    assertThat(sut.isRunning()).isFalse();
  }

  @Test
  void aCommandThatExitsAtOnceFailsTheStartWithItsLog() {
    CommandProcess sut = command("echo no broker here >&2; exit 7");
    assertThatThrownBy(sut::start)
        .isInstanceOf(StackStartException.class)
        .hasMessageContaining("exited with code 7")
        .hasMessageContaining("no broker here");
  }

  @Test
  void needsACommand() {
    assertThatThrownBy(() -> command(" "))
        .isInstanceOf(StackConfigException.class)
        .hasMessageContaining("-Dsut.command=");
  }
}
