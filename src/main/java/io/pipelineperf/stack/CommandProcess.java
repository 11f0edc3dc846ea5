package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Any process the user names ({@code -Dsut=command -Dsut.command="..."}), run by {@code sh -c} in
 * its own process group, with {@code KAFKA_BOOTSTRAP}, {@code DB_URL}, {@code DB_USER}, {@code
 * DB_PASSWORD}, {@code INPUT_TOPIC}, {@code OUTCOMES_TOPIC} and {@code DLQ_TOPIC} in its
 * environment, its stdout and stderr appended to a log. Signals go to the whole group (a shell and
 * whatever it started); stop is SIGTERM, a bounded wait, then SIGKILL. A small watcher shell
 * SIGKILLs the group if this JVM dies without stopping it. It counts as ready once it is still
 * alive {@code sut.command.settleMs} (default 1000) after the start.
 */
public final class CommandProcess implements Component {
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  // Polls once a second, at most a week; SIGKILLs the group once the parent is gone.
  static final String WATCHER =
      String.join(
          "\n",
          "trap '' INT TERM HUP QUIT",
          "n=0",
          "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null && [ $n -lt 604800 ]; do"
              + " sleep 1; n=$((n+1)); done",
          "kill -0 \"$1\" 2>/dev/null || kill -9 -- \"-$2\" 2>/dev/null",
          "");

  private final String command;
  private final Map<String, String> environment;
  private final Path logFile;
  private final Duration settle;
  private volatile Process process;
  private volatile Process watcher;

  public CommandProcess(
      String command, Map<String, String> environment, Path logFile, Duration settle) {
    if (command == null || command.isBlank()) {
      throw new StackConfigException(
          "sut=command needs the command: pass -Dsut.command=\"java -jar my-pipeline.jar\"");
    }
    this.command = command;
    this.environment = Map.copyOf(environment);
    this.logFile = logFile;
    this.settle = settle;
  }

  /** The environment the stack gives the command: where Kafka, PostgreSQL and the topics are. */
  public static Map<String, String> environment(
      String kafkaBootstrap, String dbUrl, String dbUser, String dbPassword, Topics topics) {
    return Map.of(
        "KAFKA_BOOTSTRAP", kafkaBootstrap,
        "DB_URL", dbUrl,
        "DB_USER", dbUser,
        "DB_PASSWORD", dbPassword,
        "INPUT_TOPIC", topics.input(),
        "OUTCOMES_TOPIC", topics.outcomes(),
        "DLQ_TOPIC", topics.dlq());
  }

  @Override
  public String name() {
    return "command";
  }

  public String command() {
    return command;
  }

  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "---- " + Instant.now() + " starting: " + command + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder pb =
          new ProcessBuilder("setsid", "sh", "-c", command).redirectErrorStream(true);
      pb.environment().putAll(environment);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
      process = pb.start();
      watcher =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  WATCHER,
                  "pipeline-perf-sut-watcher",
                  Long.toString(ProcessHandle.current().pid()),
                  Long.toString(process.pid()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new StackStartException("cannot start the command '" + command + "': " + e, e);
    }
    awaitSettled();
  }

  private void awaitSettled() {
    try {
      if (process.waitFor(settle.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StackStartException(
            "the command '"
                + command
                + "' exited with code "
                + process.exitValue()
                + " right after its start; last lines of "
                + logFile
                + ":\n"
                + LogTail.of(logFile, 30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while starting the command", e);
    }
  }

  @Override
  public synchronized void stop() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      endWatcher();
      return;
    }
    List<ProcessHandle> tree = tree(p);
    signalGroup(p, "CONT");
    signalGroup(p, "TERM");
    try {
      if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println(
            "[stack] command did not stop within " + STOP_GRACE.toSeconds() + " s; SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    killGroup(p, tree);
  }

  /** SIGKILL to the whole group, then waits until the shell and its children are gone. */
  @Override
  public synchronized void kill() {
    Process p = process;
    if (p != null) {
      killGroup(p, tree(p));
    }
  }

  private static List<ProcessHandle> tree(Process p) {
    return p.isAlive()
        ? Signals.withDescendants(p.pid()).stream()
            .flatMap(pid -> ProcessHandle.of(pid).stream())
            .toList()
        : List.of();
  }

  private void killGroup(Process p, List<ProcessHandle> tree) {
    signalGroup(p, "KILL");
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || !Signals.awaitGone(tree, Duration.ofSeconds(10))) {
        throw new StackStartException("the command (pid " + p.pid() + ") survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while killing the command", e);
    }
    endWatcher();
  }

  private void endWatcher() {
    Process w = watcher;
    if (w != null && w.isAlive()) {
      Signals.killAndAwait(List.of(w.pid()), Duration.ofSeconds(10));
    }
  }

  /** {@code kill -<signal> -- -<pgid>}: the command's shell leads its own group (setsid). */
  private static void signalGroup(Process p, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, "--", "-" + p.pid())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new StackStartException("cannot signal the command: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void pause() {
    signalGroup(requireRunning(), "STOP");
  }

  @Override
  public void resume() {
    signalGroup(requireRunning(), "CONT");
  }

  private Process requireRunning() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("the command is not running");
    }
    return p;
  }

  @Override
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  @Override
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  @Override
  public Path logFile() {
    return logFile;
  }
}
