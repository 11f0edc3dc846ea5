package io.pipelineperf.stack;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Sends POSIX signals to processes that are not necessarily our children. */
public final class Signals {
  private Signals() {}

  /** Sends {@code signal} (e.g. "STOP", "CONT", "KILL", "TERM") to each pid. */
  public static void send(String signal, List<Long> pids) {
    if (pids.isEmpty()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(p -> cmd.add(Long.toString(p)));
    try {
      // through sh so that the builtin kill is used even where /bin/kill is not installed
      Process p =
          new ProcessBuilder("sh", "-c", String.join(" ", cmd)).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new StackStartException("'" + String.join(" ", cmd) + "' did not return in 10 s");
      }
      if (p.exitValue() != 0) {
        String out = new String(p.getInputStream().readAllBytes()).trim();
        throw new StackStartException("'" + String.join(" ", cmd) + "' failed: " + out);
      }
    } catch (IOException e) {
      throw new StackStartException("cannot run 'sh -c kill': is sh on PATH?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while sending SIG" + signal, e);
    }
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
}
