package io.pipelineperf.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A daemon thread that repeats a step, with an optional pause between steps, until stopped or until
 * its hold time is over (so a fault nobody heals still ends); then runs a final step once. Steps
 * must return within a few seconds; a failing step is remembered ({@link #failure()}) and the loop
 * goes on after a short pause.
 */
public final class BackgroundLoop {
  /** One step of the loop; may block briefly, must honour interruption. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private static final long PAUSE_AFTER_FAILURE_MILLIS = 500;

  private final Thread thread;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopping;

  private BackgroundLoop(String name, Duration pause, Duration hold, Step step, Runnable finish) {
    long deadline = System.nanoTime() + hold.toNanos();
    this.thread =
        new Thread(
            () -> {
              try {
                while (!stopping && System.nanoTime() < deadline) {
                  long sleepMillis = pause.toMillis();
                  try {
                    step.run();
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    failure.set(e);
                    sleepMillis = Math.max(sleepMillis, PAUSE_AFTER_FAILURE_MILLIS);
                  }
                  if (sleepMillis > 0 && !stopping) {
                    try {
                      Thread.sleep(sleepMillis);
                    } catch (InterruptedException stop) {
                      return;
                    }
                  }
                }
              } finally {
                finish.run();
              }
            },
            name);
    thread.setDaemon(true);
  }

  /** Starts {@code step} repeating for at most {@code hold}; {@code finish} runs at the end. */
  public static BackgroundLoop start(String name, Duration hold, Step step, Runnable finish) {
    return start(name, Duration.ZERO, hold, step, finish);
  }

  /** As {@link #start(String, Duration, Step, Runnable)}, pausing {@code pause} between steps. */
  public static BackgroundLoop start(
      String name, Duration pause, Duration hold, Step step, Runnable finish) {
    BackgroundLoop loop = new BackgroundLoop(name, pause, checkHold(name, hold), step, finish);
    loop.thread.start();
    return loop;
  }

  /** A fault's hold must be positive and at most 24 h (a safety bound on every loop). */
  public static Duration checkHold(String faultId, Duration hold) {
    if (hold == null || hold.isNegative() || hold.isZero() || hold.toHours() > 24) {
      throw new IllegalArgumentException(
          faultId + ": hold " + hold + " must be positive and at most 24 h (a safety bound)");
    }
    return hold;
  }

  /** Stops the loop (interrupting a sleeping step); true if it ended within {@code bound}. */
  public boolean stop(Duration bound) {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /** The last exception a step threw, if any. */
  public Exception failure() {
    return failure.get();
  }
}
