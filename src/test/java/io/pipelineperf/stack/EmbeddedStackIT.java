package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmbeddedStackIT {
  private static final Pattern PIDS =
      Pattern.compile(
          "\\[stack\\] pids kafka=(\\d+) postgres=(\\d+) service=(\\d+) workDir=(\\S+)");
  private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

  @Test
  void wholeStackComesUpAndCloseLeavesNothingBehind() throws Exception {
    StackConfig config =
        StackConfig.defaults().withRunDir(Path.of("target/it-runs/EmbeddedStackIT/close"));
    EmbeddedStack stack = EmbeddedStack.start(config);
    List<Long> pids;
    List<Integer> ports;
    Path workDir = stack.workDir();
    try {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/ready")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(stack.startupTime()).isPositive();
      assertThat(config.logDir().resolve("kafka.log")).isNotEmptyFile();
      assertThat(config.logDir().resolve("service.log")).isNotEmptyFile();
      assertThat(config.logDir().resolve("postgres.log")).exists();
      pids = List.of(stack.broker().pid(), stack.postgres().pid(), stack.service().pid());
      assertThat(pids).allMatch(p -> p > 0);
      ports = new ArrayList<>(stack.broker().ports());
      ports.add(stack.postgres().port());
      ports.add(stack.service().httpPort());
    } finally {
      stack.close();
    }
    stack.close(); // idempotent
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("pid %d alive after close", pid)
          .isFalse();
    }
    for (int port : ports) {
      assertThat(PortAllocator.isListening(port)).as("port %d listening", port).isFalse();
    }
    assertThat(workDir).doesNotExist();
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void childrenDieWhenTheJvmThatStartedThemIsKilled() throws Exception {
    Path runDir = Path.of("target/it-runs/EmbeddedStackIT/orphans").toAbsolutePath();
    Files.createDirectories(runDir);
    Process parent =
        new ProcessBuilder(
                ChildJvm.javaExecutable(),
                "-Xmx256m",
                "-Dstack.runDir=" + runDir,
                "-Dstack.maxMinutes=10",
                "-cp",
                ChildJvm.classpath(),
                StackMain.class.getName())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Matcher> pidsLine =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                  Matcher m = PIDS.matcher(line);
                  if (m.find()) {
                    return m;
                  }
                }
                return null;
              } catch (Exception e) {
                return null;
              }
            });
    Matcher m;
    try {
      m = pidsLine.get(240, TimeUnit.SECONDS);
    } finally {
      if (!pidsLine.isDone()) {
        parent.destroyForcibly();
      }
    }
    assertThat(m).as("StackMain output: %s", lines).isNotNull();
    List<Long> children =
        List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    Path workDir = Path.of(m.group(4));
    List<Integer> ports = new ArrayList<>();
    lines.stream()
        .filter(l -> l.startsWith("-Dtarget=external"))
        .forEach(
            l -> {
              Matcher p = PORT.matcher(l);
              while (p.find()) {
                ports.add(Integer.parseInt(p.group(1)));
              }
            });
    assertThat(ports).hasSize(3);
    assertThat(children).allMatch(p -> ProcessHandle.of(p).isPresent());

    parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (long pid : children) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("child %d of the killed JVM", pid)
                    .isFalse();
              }
              for (int port : ports) {
                assertThat(PortAllocator.isListening(port)).as("port %d", port).isFalse();
              }
              assertThat(workDir).doesNotExist();
            });
  }
}
