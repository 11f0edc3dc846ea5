package io.pipelineperf.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {
  @TempDir Path dir;

  @Test
  void writesLocalhostAndMappings() throws IOException {
    HostsFile hosts = HostsFile.create(dir.resolve("hosts"));
    hosts.map("kafka-broker", "127.0.0.1");
    assertThat(Files.readAllLines(hosts.path()))
        .contains("127.0.0.1 localhost", "127.0.0.1 kafka-broker");
    hosts.unmap("kafka-broker");
    assertThat(Files.readString(hosts.path())).doesNotContain("kafka-broker");
    assertThat(hosts.isMapped("kafka-broker")).isFalse();
    assertThat(hosts.jvmArguments()).contains("-Djdk.net.hosts.file=" + hosts.path());
  }

  @Test
  void rejectsNonLoopbackAndBadNames() {
    HostsFile hosts = HostsFile.create(dir.resolve("hosts"));
    assertThatThrownBy(() -> hosts.map("kafka", "10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> hosts.map("kafka", "example.com")).hasMessageContaining("loopback");
    assertThatThrownBy(() -> hosts.map("bad name", "127.0.0.1")).hasMessageContaining("host name");
    assertThatThrownBy(() -> hosts.unmap("localhost")).hasMessageContaining("localhost");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aRunningJvmSeesTheNameComeAndGo() throws Exception {
    HostsFile hosts = HostsFile.create(dir.resolve("hosts")).map("kafka-broker", "127.0.0.1");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(hosts.jvmArguments());
    command.addAll(
        List.of(
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            ResolveOnRequest.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
      assertThat(out.readLine()).isEqualTo("ready");
      assertThat(ask(in, out, "kafka-broker")).isEqualTo("ok 127.0.0.1");
      assertThat(ask(in, out, "localhost")).isEqualTo("ok 127.0.0.1");

      hosts.unmap("kafka-broker");
      assertThat(ask(in, out, "kafka-broker")).isEqualTo("unknown");

      hosts.map("kafka-broker", "127.0.0.1");
      assertThat(ask(in, out, "kafka-broker")).isEqualTo("ok 127.0.0.1");
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String ask(Writer in, BufferedReader out, String host) throws IOException {
    in.write(host + "\n");
    in.flush();
    return out.readLine();
  }
}
