package io.pipelineperf.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends POSIX signals to a process, or to a process and all its descendants, with the {@code kill}
 * command: pause ({@link Signal#STOP}), resume ({@link Signal#CONT}), crash ({@link Signal#KILL})
 * or ask to stop ({@link Signal#TERM}). Trogdor's "process stop" fault is STOP then CONT.
 */
public final class Signals {
  private static final long KILL_COMMAND_TIMEOUT_SECONDS = 10;

  /** The signals the faults use. */
  public enum Signal {
    STOP,
    CONT,
    KILL,
    TERM
  }

  private Signals() {}

  /** Sends the signal to one process. */
  public static void send(long pid, Signal signal) {
    kill(signal, List.of(pid));
  }

  /**
   * Sends the signal to the process and every descendant it has now (listed before signalling, so a
   * paused parent cannot hide children); returns the pids signalled, the root first.
   */
  public static List<Long> sendToTree(long pid, Signal signal) {
    ProcessHandle root = handle(pid);
    List<Long> pids = new ArrayList<>();
    pids.add(root.pid());
    root.descendants().forEach(child -> pids.add(child.pid()));
    kill(signal, pids);
    return pids;
  }

  private static ProcessHandle handle(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      throw new IllegalArgumentException("no running process with pid " + pid);
    }
    return handle.get();
  }

  private static void kill(Signal signal, List<Long> pids) {
    if (signal == null) {
      throw new IllegalArgumentException("signal is null: use STOP, CONT, KILL or TERM");
    }
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
    List<String> command = new ArrayList<>(List.of("kill", "-s", signal.name()));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not run 'kill' (is it on PATH?) to send " + signal + " to " + pids, e);
    }
    try {
      if (!process.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("'kill -s " + signal + "' did not finish in time");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "'"
                + command.stream().collect(Collectors.joining(" "))
                + "' failed (exit "
                + process.exitValue()
                + "): "
                + output.strip()
                + " -- has the process ended, or does it belong to another user?");
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading the output of 'kill' failed", e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + signal, e);
    }
  }
}
