package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  @Test
  void lastLines() throws Exception {
    Path f = Files.writeString(dir.resolve("x.log"), "a\nb\nc\nd\n");
    assertThat(LogTail.of(f, 2)).isEqualTo("c\nd");
    assertThat(LogTail.of(dir.resolve("missing.log"), 2)).contains("no log file");
  }

  @Test
  void postmasterPidIsTheFirstLine() throws Exception {
    Path f = Files.writeString(dir.resolve("postmaster.pid"), "4242\n/data\n123\n");
    assertThat(PostgresServer.readPostmasterPid(f)).contains(4242L);
    assertThat(PostgresServer.readPostmasterPid(dir.resolve("none"))).isEmpty();
  }
}
