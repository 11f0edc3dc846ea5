package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A service the lab did not start, on this host, as a {@link Component} for the process faults:
 * found by {@code -Dservice.pid=} or {@code -Dservice.pidFile=} ({@link ServicePid}), killed and
 * paused with real signals, started again by the user's {@code -Dservice.restartCommand=} (run with
 * {@code sh -c}; with a pid file, started means the file names a live process other than the one
 * killed, else the command's own exit 0), at most {@code -Dservice.restartTimeoutSeconds=} (60).
 */
public final class ExternalServiceProcess implements Component {

  private final LongSupplier pid;
  private final String restartCommand;
  private final boolean pidFile;
  private final Duration restartTimeout;
  private final Path log;

  ExternalServiceProcess(
      LongSupplier pid, String restartCommand, boolean pidFile, Duration restartTimeout, Path log) {
    this.pid = pid;
    this.restartCommand = restartCommand;
    this.pidFile = pidFile;
    this.restartTimeout = restartTimeout;
    this.log = log;
  }

  /** The configured external service, or empty when no pid setting is given. */
  public static Optional<ExternalServiceProcess> fromSystemProperties(Path logDir) {
    boolean byFile = !System.getProperty("service.pidFile", "").isBlank();
    if (System.getProperty("service.pid", "").isBlank() && !byFile) {
      return Optional.empty();
    }
    long timeout = Long.getLong("service.restartTimeoutSeconds", 60);
    if (timeout < 1 || timeout > 600) {
      throw new StackConfigException(
          "-Dservice.restartTimeoutSeconds="
              + timeout
              + " is out of range: use 1-600 (default 60)");
    }
    return Optional.of(
        new ExternalServiceProcess(
            ServicePid::fromSystemProperties,
            System.getProperty("service.restartCommand", "").strip(),
            byFile,
            Duration.ofSeconds(timeout),
            logDir.resolve("service-restart.log")));
  }

  /** Whether a crash can be healed: a restart command was given. */
  public boolean canRestart() {
    return !restartCommand.isEmpty();
  }

  @Override
  public String name() {
    return "external service (pid " + pid.getAsLong() + ")";
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    if (!canRestart()) {
      throw new StackStartException(
          "the external service is not running and -Dservice.restartCommand is not set: give the"
              + " command that starts it (e.g. -Dservice.restartCommand='systemctl start my-svc')");
    }
    long deadline = System.nanoTime() + restartTimeout.toNanos();
    try {
      Process p =
          new ProcessBuilder("sh", "-c", restartCommand)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      boolean exited = p.waitFor(restartTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!pidFile) {
        if (!exited || p.exitValue() != 0) {
          p.destroyForcibly();
          throw new StackStartException(
              "-Dservice.restartCommand did not exit 0 within "
                  + restartTimeout.toSeconds()
                  + " s (see "
                  + log
                  + ")");
        }
        return;
      }
      while (System.nanoTime() < deadline) {
        if (isRunning()) {
          return;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (IOException e) {
      throw new StackStartException("-Dservice.restartCommand cannot run: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while restarting the external service", e);
    }
    throw new StackStartException(
        "after -Dservice.restartCommand the pid file -Dservice.pidFile names no live process within "
            + restartTimeout.toSeconds()
            + " s (see "
            + log
            + ")");
  }

  @Override
  public void stop() {
    signal(Signals.Signal.TERM);
  }

  /** SIGKILL; returns when the process is gone (at most 10 s). */
  @Override
  public void kill() {
    long p = pid.getAsLong();
    if (p <= 0) {
      throw new IllegalStateException("the external service's pid is not known right now");
    }
    Signals.killAndAwait(List.of(p), Duration.ofSeconds(10));
  }

  @Override
  public void pause() {
    signal(Signals.Signal.STOP);
  }

  @Override
  public void resume() {
    signal(Signals.Signal.CONT);
  }

  private void signal(Signals.Signal s) {
    long p = pid.getAsLong();
    if (p <= 0) {
      throw new IllegalStateException("the external service's pid is not known right now");
    }
    Signals.send(p, s);
  }

  @Override
  public boolean isRunning() {
    long p = pid.getAsLong();
    return p > 0 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public long pid() {
    return isRunning() ? pid.getAsLong() : -1;
  }

  @Override
  public Path logFile() {
    return log;
  }
}
