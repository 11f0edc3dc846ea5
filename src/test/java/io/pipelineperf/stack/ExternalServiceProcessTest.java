package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service the lab did not start, on real processes: killed, paused, restarted by command. */
class ExternalServiceProcessTest {

  private long started = -1;

  @AfterEach
  void clear() {
    System.clearProperty("service.pid");
    System.clearProperty("service.pidFile");
    System.clearProperty("service.restartCommand");
    ProcessHandle.of(started).ifPresent(ProcessHandle::destroyForcibly);
    try {
      long now = ServicePid.fromSystemProperties();
      ProcessHandle.of(now).ifPresent(ProcessHandle::destroyForcibly);
    } catch (RuntimeException ignored) {
      // nothing configured any more
    }
  }

  private static char state(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  @Test
  void killedPausedAndStartedAgainByTheUsersCommand(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("svc.pid");
    // the "service": a sleep started in the background by the restart command, its pid in the file
    String command = "sleep 120 >/dev/null 2>&1 & echo $! > " + pidFile;
    new ProcessBuilder("sh", "-c", command).start().waitFor();
    System.setProperty("service.pidFile", pidFile.toString());
    System.setProperty("service.restartCommand", command);
    ExternalServiceProcess service = ExternalServiceProcess.fromSystemProperties(dir).orElseThrow();
    started = service.pid();
    assertThat(service.isRunning()).isTrue();

    // a signal is delivered when the target is next scheduled: /proc shows the new state a moment
    // after kill(1) returns (a fresh clone's run once read 'R' right after SIGSTOP)
    service.pause();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(state(started)).isEqualTo('T'));
    service.resume();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(state(started)).isNotEqualTo('T'));

    service.kill();
    assertThat(service.isRunning()).isFalse();
    assertThat(ProcessHandle.of(started).map(ProcessHandle::isAlive).orElse(false)).isFalse();

    service.start();
    assertThat(service.isRunning()).isTrue();
    assertThat(service.pid()).isNotEqualTo(started).isPositive();
    service.kill();
  }

  @Test
  void withoutARestartCommandACrashCannotBeHealedAndSaysSo(@TempDir Path dir) {
    System.setProperty("service.pid", "999999999");
    ExternalServiceProcess service = ExternalServiceProcess.fromSystemProperties(dir).orElseThrow();
    assertThat(service.canRestart()).isFalse();
    assertThat(service.isRunning()).isFalse();
    assertThatThrownBy(service::start).hasMessageContaining("-Dservice.restartCommand");
  }

  @Test
  void noPidSettingMeansNoExternalProcess(@TempDir Path dir) {
    assertThat(ExternalServiceProcess.fromSystemProperties(dir)).isEmpty();
  }
}
