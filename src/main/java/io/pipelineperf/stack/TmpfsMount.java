package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted on a directory (for disk-full faults), unmounted by {@link
 * #close()}. Needs root (or CAP_SYS_ADMIN) and {@code mount}/{@code umount} on PATH.
 */
public final class TmpfsMount implements AutoCloseable {
  private final Path dir;
  private final String size;
  private volatile boolean mounted;

  private TmpfsMount(Path dir, String size) {
    this.dir = dir;
    this.size = size;
  }

  /**
   * Mounts a tmpfs of {@code size} (e.g. "1g") on {@code dir} (created if missing, must be empty).
   */
  public static TmpfsMount mount(Path dir, String size) {
    TmpfsMount m = new TmpfsMount(dir.toAbsolutePath(), size);
    try {
      Files.createDirectories(m.dir);
    } catch (IOException e) {
      throw new StackStartException("cannot create mount point " + m.dir + ": " + e, e);
    }
    Optional<String> failure =
        run(
            List.of(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=" + size + ",mode=0755",
                "tmpfs",
                m.dir.toString()));
    if (failure.isPresent()) {
      throw new StackStartException(
          "cannot mount a tmpfs on "
              + m.dir
              + " for -Dfault.disk=true: "
              + failure.get()
              + " -- run as root (or with CAP_SYS_ADMIN) where 'mount -t tmpfs' is allowed, or"
              + " leave fault.disk off (the disk-full fault is then skipped)");
    }
    m.mounted = true;
    return m;
  }

  /** Empty if a tmpfs can be mounted here (tried on a temp directory), else why not. */
  public static Optional<String> unavailable() {
    Path probe;
    try {
      probe = Files.createTempDirectory("pipeline-perf-tmpfs-probe-");
    } catch (IOException e) {
      return Optional.of("cannot create a temp directory: " + e.getMessage());
    }
    try {
      Optional<String> failure =
          run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.toString()));
      if (failure.isEmpty()) {
        run(List.of("umount", probe.toString()));
      }
      return failure;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // an empty temp dir is left
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public String size() {
    return size;
  }

  public boolean isMounted() {
    return mounted;
  }

  /** Unmounts (lazily if busy); idempotent. */
  @Override
  public synchronized void close() {
    if (!mounted) {
      return;
    }
    mounted = false;
    if (run(List.of("umount", dir.toString())).isPresent()) {
      run(List.of("umount", "-l", dir.toString()))
          .ifPresent(why -> System.err.println("[stack] cannot unmount " + dir + ": " + why));
    }
  }

  /** Empty on success, else what went wrong. */
  private static Optional<String> run(List<String> command) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("'" + String.join(" ", command) + "' did not finish in 30 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of(
              "'" + String.join(" ", command) + "' failed (exit " + p.exitValue() + "): " + out);
    } catch (IOException e) {
      return Optional.of("cannot run '" + command.get(0) + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
