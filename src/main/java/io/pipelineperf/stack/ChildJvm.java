package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by us, wrapped in {@link OrphanGuard} so that it dies with this JVM, its output
 * appended to a log file. Start, graceful stop, kill, pause and resume.
 */
final class ChildJvm {
  private final String name;
  private final Path logFile;
  private final java.util.function.Supplier<String> classpath;
  private final List<String> launcher;
  private volatile Process process;
  private volatile boolean paused;

  ChildJvm(String name, Path logFile) {
    this(name, logFile, ChildJvm::classpath);
  }

  /** A child whose classpath is not this JVM's (e.g. a Kafka Connect worker's own jars). */
  ChildJvm(String name, Path logFile, java.util.function.Supplier<String> classpath) {
    this(name, logFile, classpath, List.of());
  }

  /**
   * @param launcher a command the java command is handed to, e.g. {@code taskset -c 1} ({@link
   *     CpuSet#launcher()}); it must exec java so that the pid stays the JVM's
   */
  ChildJvm(
      String name,
      Path logFile,
      java.util.function.Supplier<String> classpath,
      List<String> launcher) {
    this.name = name;
    this.logFile = logFile;
    this.classpath = classpath;
    this.launcher = List.copyOf(launcher);
  }

  /** The classpath given to children: {@code -Dstack.classpath}, else this JVM's. */
  static String classpath() {
    String cp = System.getProperty("stack.classpath");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /**
   * For a JVM the lab samples as the system under test (the reference service, the Connect worker):
   * Native Memory Tracking at summary level, read over JMX ({@code VM.native_memory summary}) for
   * the native-memory leak signal. Its cost in the JVM: a 16-byte header on each malloc and a
   * counter update per malloc and free (no stack walks: that is {@code detail}); reading the
   * summary is ~0.1 ms of CPU and no safepoint (see {@code NativeMemorySampler}).
   */
  static final String NATIVE_MEMORY_TRACKING = "-XX:NativeMemoryTracking=summary";

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  synchronized void launch(List<String> jvmArgs, String mainClass, List<String> args) {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
    }
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(javaExecutable());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath.get());
    cmd.add(OrphanGuard.class.getName());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "---- " + java.time.Instant.now() + " starting " + name + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
      process = pb.start();
      paused = false;
    } catch (IOException e) {
      throw new StackStartException("cannot start " + name + " (" + cmd + "): " + e, e);
    }
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns the exit code. */
  synchronized OptionalInt stop(Duration grace) {
    Process p = process;
    if (p == null) {
      return OptionalInt.empty();
    }
    resumeIfPaused();
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println(
            "[stack] " + name + " did not stop within " + grace.toSeconds() + " s; SIGKILL");
        return kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return kill();
    }
    return OptionalInt.of(p.exitValue());
  }

  /** SIGKILL and wait until the process is gone. */
  synchronized OptionalInt kill() {
    Process p = process;
    if (p == null) {
      return OptionalInt.empty();
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new StackStartException(name + " (pid " + p.pid() + ") survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while killing " + name, e);
    }
    paused = false;
    return OptionalInt.of(p.exitValue());
  }

  void pause() {
    requireRunning();
    Signals.send("STOP", List.of(process.pid()));
    paused = true;
  }

  void resume() {
    requireRunning();
    Signals.send("CONT", List.of(process.pid()));
    paused = false;
  }

  private void resumeIfPaused() {
    if (paused && isRunning()) {
      resume();
    }
  }

  boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  /** Exit code of the last process, empty while it runs or if never started. */
  OptionalInt exitCode() {
    Process p = process;
    return p == null || p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
  }

  /** Fails with the log's tail if the process ended, e.g. while we wait for readiness. */
  void requireAlive(String doing) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new StackStartException(
          name
              + " exited"
              + (p == null ? "" : " with code " + p.exitValue())
              + " while "
              + doing
              + "; last lines of "
              + logFile
              + ":\n"
              + LogTail.of(logFile, 30));
    }
  }

  private void requireRunning() {
    if (!isRunning()) {
      throw new IllegalStateException(name + " is not running");
    }
  }

  Path logFile() {
    return logFile;
  }

  String name() {
    return name;
  }
}
