package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals to processes that are not necessarily our children (the stack's components,
 * the faults' targets): pause ({@link Signal#STOP}), resume ({@link Signal#CONT}), crash ({@link
 * Signal#KILL}) or ask to stop ({@link Signal#TERM}).
 */
public final class Signals {
  /**
   * kill signals every pid it can and fails if any is gone: a process tree (PostgreSQL's backends)
   * may lose a member between listing and signalling, which is not a failure of the signal.
   */
  private static boolean someVanishedOthersSignalled(List<Long> pids) {
    long alive =
        pids.stream()
            .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .count();
    return alive > 0 && alive < pids.size();
  }

  private static final long KILL_COMMAND_TIMEOUT_SECONDS = 10;

  /** The signals the stack and the faults use. */
  public enum Signal {
    STOP,
    CONT,
    KILL,
    TERM
  }

  private Signals() {}

  /** Sends the signal to one process (never init or this JVM). */
  public static void send(long pid, Signal signal) {
    if (signal == null) {
      throw new IllegalArgumentException("signal is null: use STOP, CONT, KILL or TERM");
    }
    refuseSpecial(List.of(pid), signal.name());
    kill(signal.name(), List.of(pid));
  }

  /**
   * Sends the signal to the process and every descendant it has now (listed before signalling, so a
   * paused parent cannot hide children); returns the pids signalled, the root first.
   */
  public static List<Long> sendToTree(long pid, Signal signal) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      throw new IllegalArgumentException("no running process with pid " + pid);
    }
    List<Long> pids = withDescendants(pid);
    if (signal == null) {
      throw new IllegalArgumentException("signal is null: use STOP, CONT, KILL or TERM");
    }
    refuseSpecial(pids, signal.name());
    kill(signal.name(), pids);
    return pids;
  }

  /** Sends {@code signal} (e.g. "STOP", "CONT", "KILL", "TERM") to each pid. */
  public static void send(String signal, List<Long> pids) {
    if (pids.isEmpty()) {
      return;
    }
    String name = signal.toUpperCase(Locale.ROOT);
    refuseSpecial(pids, name);
    kill(name, pids);
  }

  /** The process and all its descendants, parent first. */
  public static List<Long> withDescendants(long pid) {
    List<Long> pids = new ArrayList<>();
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    handle.ifPresent(
        h -> {
          pids.add(h.pid());
          h.descendants().forEach(d -> pids.add(d.pid()));
        });
    return pids;
  }

  /** SIGKILLs the processes and waits (bounded) until they are gone; true if all are gone. */
  public static boolean killAndAwait(List<Long> pids, Duration timeout) {
    List<ProcessHandle> handles = new ArrayList<>();
    pids.forEach(p -> ProcessHandle.of(p).ifPresent(handles::add));
    handles.forEach(ProcessHandle::destroyForcibly);
    return awaitGone(handles, timeout);
  }

  static boolean awaitGone(List<ProcessHandle> handles, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle h : handles) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (h.isAlive()) {
          return false;
        }
      }
    }
    return true;
  }

  private static void refuseSpecial(List<Long> pids, String signal) {
    for (long pid : pids) {
      if (pid <= 1 || pid == ProcessHandle.current().pid()) {
        throw new IllegalArgumentException(
            "refusing to send "
                + signal
                + " to pid "
                + pid
                + " (init, a process group or this JVM)");
      }
    }
  }

  private static void kill(String signal, List<Long> pids) {
    List<String> cmd = new ArrayList<>(List.of("kill", "-s", signal));
    pids.forEach(p -> cmd.add(Long.toString(p)));
    String line = String.join(" ", cmd);
    Process p;
    try {
      // through sh so that the builtin kill is used even where /bin/kill is not installed
      p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run 'sh -c kill' (is sh on PATH?): " + e, e);
    }
    try {
      if (!p.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "'" + line + "' did not return in " + KILL_COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0 && !someVanishedOthersSignalled(pids)) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        throw new IllegalStateException(
            "'"
                + line
                + "' failed (exit "
                + p.exitValue()
                + "): "
                + out
                + " -- has the process ended, or does it belong to another user?");
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading the output of '" + line + "' failed", e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }
}
