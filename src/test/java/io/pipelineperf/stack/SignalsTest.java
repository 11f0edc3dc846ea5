package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.stack.Signals.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SignalsTest {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private Process start(String... command) throws IOException {
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }

  /** The state letter in /proc/<pid>/stat (R, S, T stopped, Z zombie), or 'X' once gone. */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (NoSuchFileException e) {
      return 'X';
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void stopPausesAndContResumes() throws IOException {
    Process sleeper = start("sleep", "30");
    Signals.send(sleeper.pid(), Signal.STOP);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(sleeper.pid()) == 'T');
    Signals.send(sleeper.pid(), Signal.CONT);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(sleeper.pid()) != 'T');
    assertThat(sleeper.isAlive()).isTrue();
  }

  @Test
  void termEndsTheProcess() throws Exception {
    Process sleeper = start("sleep", "30");
    Signals.send(sleeper.pid(), Signal.TERM);
    assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(sleeper.exitValue()).isEqualTo(128 + 15);
  }

  @Test
  void killToTreeReachesEveryDescendant() throws Exception {
    Process shell = start("sh", "-c", "sleep 30 & sleep 30 & wait");
    await().atMost(Duration.ofSeconds(5)).until(() -> shell.descendants().count() == 2);
    List<Long> pids = Signals.sendToTree(shell.pid(), Signal.KILL);

    assertThat(pids).hasSize(3).startsWith(shell.pid());
    assertThat(shell.waitFor(5, TimeUnit.SECONDS)).isTrue();
    for (long pid : pids) {
      await().atMost(Duration.ofSeconds(5)).until(() -> "XZ".indexOf(state(pid)) >= 0);
    }
  }

  @Test
  void aMissingProcessIsAClearError() throws Exception {
    Process done = start("true");
    done.waitFor(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> Signals.sendToTree(done.pid(), Signal.KILL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no running process with pid " + done.pid());
    assertThatThrownBy(() -> Signals.send(done.pid(), Signal.KILL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kill -s KILL " + done.pid());
  }

  @Test
  void refusesInitAndItself() {
    assertThatThrownBy(() -> Signals.send(1, Signal.STOP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pid 1");
    assertThatThrownBy(() -> Signals.send(ProcessHandle.current().pid(), Signal.STOP))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
