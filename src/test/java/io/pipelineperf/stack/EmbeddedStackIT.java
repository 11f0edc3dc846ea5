package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
      // the check below can fail: this stack's processes are found by their command lines
      assertThat(descendantsMentioning(workDir)).isNotEmpty();
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
    assertThat(descendantsMentioning(workDir)).as("processes of this stack left").isEmpty();
  }

  /**
   * Live descendants of this JVM whose command line names {@code dir}: this stack's, not those of
   * another test class's stack running beside it.
   */
  private static List<String> descendantsMentioning(Path dir) {
    String path = dir.toAbsolutePath().toString();
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .filter(line -> line.contains(path))
        .toList();
  }

  /** A StackMain JVM with the pids, ports and work dir it printed. */
  private record StackMainRun(
      Process process, List<Long> children, List<Integer> ports, Path workDir) {}

  private static StackMainRun startStackMain(String name) throws Exception {
    Path runDir = Path.of("target/it-runs/EmbeddedStackIT/" + name).toAbsolutePath();
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
            .redirectOutput(runDir.resolve("stackmain.out").toFile())
            .start();
    Path out = runDir.resolve("stackmain.out");
    Matcher m = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    List<String> lines = List.of();
    while (m == null && System.nanoTime() < deadline && parent.isAlive()) {
      Thread.sleep(500);
      lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
      m = lines.stream().map(PIDS::matcher).filter(Matcher::find).findFirst().orElse(null);
    }
    if (m == null) {
      parent.destroyForcibly();
      throw new AssertionError("StackMain did not print its pids; output: " + lines);
    }
    List<Long> children =
        List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
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
    return new StackMainRun(parent, children, ports, Path.of(m.group(4)));
  }

  private static void assertAllGone(StackMainRun run) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (long pid : run.children()) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("child %d of the stopped JVM", pid)
                    .isFalse();
              }
              for (int port : run.ports()) {
                assertThat(PortAllocator.isListening(port)).as("port %d", port).isFalse();
              }
              assertThat(run.workDir()).doesNotExist();
            });
  }

  @Test
  void childrenDieWhenTheJvmThatStartedThemIsKilled() throws Exception {
    StackMainRun run = startStackMain("sigkill");
    run.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertAllGone(run);
  }

  @Test
  void sigtermToStackMainStopsEverything() throws Exception {
    StackMainRun run = startStackMain("sigterm");
    run.process().destroy(); // SIGTERM, as for Ctrl-C: the shutdown hook closes the stack
    assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertAllGone(run);
  }
}
