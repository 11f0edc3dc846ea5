package io.pipelineperf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The runner's child processes (Gatling JVMs, ProducerPerformance, sync): each is run with a
 * bounded wait, and stopped on a timeout, on an interrupt and when the runner's JVM exits (a
 * shutdown hook, so Ctrl-C and SIGTERM stop them too). Stopping is SIGTERM to the child (a Gatling
 * run stops its load and, for a fault run, heals its fault and stops its own stack), then after a
 * grace period SIGKILL to it and every process it started.
 */
final class ChildProcesses implements AutoCloseable {

  /** How a child ended: its exit code, or -1 when it was stopped after its timeout. */
  record Exit(int code, boolean timedOut, long pid) {}

  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final Thread hook = new Thread(this::stopAll, "bench-stop-children");
  private volatile boolean closing;

  ChildProcesses() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Runs {@code command} in {@code dir}, its output appended to {@code log}, and waits for it at
   * most {@code timeout}; {@code onStart} gets its pid.
   */
  Exit run(
      List<String> command,
      Path dir,
      Path log,
      Duration timeout,
      Duration grace,
      LongConsumer onStart)
      throws InterruptedException {
    if (closing) {
      throw new IllegalStateException("the runner is stopping: not starting " + command.get(0));
    }
    Process p;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    running.add(p);
    try {
      onStart.accept(p.pid());
      if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Exit(p.exitValue(), false, p.pid());
      }
      System.out.println(
          "[bench] "
              + command.get(0)
              + " (pid "
              + p.pid()
              + ") still running after "
              + timeout.toSeconds()
              + " s: stopping it");
      stop(p, grace);
      return new Exit(-1, true, p.pid());
    } catch (InterruptedException e) {
      stop(p, grace);
      throw e;
    } finally {
      running.remove(p);
    }
  }

  /** SIGTERM, up to {@code grace} for it to end, then SIGKILL to it and its descendants. */
  static void stop(Process p, Duration grace) {
    List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        System.out.println("[bench] pid " + p.pid() + " ignored SIGTERM: SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    family.addAll(p.descendants().toList());
    p.destroyForcibly();
    family.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopAll() {
    closing = true;
    for (Process p : List.copyOf(running)) {
      System.out.println("[bench] stopping child pid " + p.pid());
      stop(p, Duration.ofSeconds(60));
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
