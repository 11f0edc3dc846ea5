package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny shell process that outlives this JVM if it dies without cleaning up (SIGKILL): it waits
 * for this JVM to end, then SIGKILLs the PostgreSQL postmaster named in a postmaster.pid (and its
 * children), unmounts any of the given directories that is a mount point (a tmpfs for disk faults)
 * and deletes them. {@link #cancel()} ends it when we clean up ourselves.
 */
final class Reaper {
  // Polls once a second; bounded to one week. INT/TERM/HUP are ignored so that a Ctrl-C to the
  // process group does not take the reaper down before the parent.
  static final String SCRIPT =
      String.join(
          "\n",
          "trap '' INT TERM HUP QUIT",
          "parent=\"$1\"; pidfile=\"$2\"; shift 2",
          "n=0",
          "while kill -0 \"$parent\" 2>/dev/null && [ $n -lt 604800 ]; do sleep 1; n=$((n+1)); done",
          "if [ -n \"$pidfile\" ] && [ -f \"$pidfile\" ]; then",
          "  pm=$(head -n 1 \"$pidfile\")",
          "  if [ -n \"$pm\" ] && grep -q postgres \"/proc/$pm/comm\" 2>/dev/null; then",
          "    kids=$(cat /proc/$pm/task/*/children 2>/dev/null)",
          "    kill -9 $pm $kids 2>/dev/null",
          "    i=0",
          "    while kill -0 \"$pm\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
          "  fi",
          "fi",
          "for d in \"$@\"; do umount -l \"$d\" 2>/dev/null; done",
          "rm -rf -- \"$@\"",
          "");

  private final Process process;

  private Reaper(Process process) {
    this.process = process;
  }

  /**
   * @param postmasterPidFile postmaster.pid to kill from, or null
   * @param wipe directories to delete after the parent is gone
   */
  static Reaper start(Path postmasterPidFile, List<Path> wipe) {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", SCRIPT, "pipeline-perf-reaper"));
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(postmasterPidFile == null ? "" : postmasterPidFile.toString());
    wipe.forEach(p -> cmd.add(p.toAbsolutePath().toString()));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      return new Reaper(pb.start());
    } catch (IOException e) {
      throw new StackStartException("cannot start the cleanup process (sh): " + e, e);
    }
  }

  /** Ends the reaper (and its sleep) without it doing anything. */
  void cancel() {
    List<Long> pids = Signals.withDescendants(process.pid());
    Signals.killAndAwait(pids, Duration.ofSeconds(10));
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }
}
