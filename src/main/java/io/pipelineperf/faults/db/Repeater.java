package io.pipelineperf.faults.db;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a step on a daemon thread, again and again with a pause between, until stopped or until its
 * hold time is over, whichever comes first; then runs a final step once. Bounded in time both ways.
 */
final class Repeater {
  interface Step {
    void run() throws Exception;
  }

  private final Thread thread;
  private final AtomicReference<Exception> lastError = new AtomicReference<>();
  private volatile boolean stopped;

  private Repeater(String name, Duration pause, Duration hold, Step step, Runnable finish) {
    long deadline = System.nanoTime() + hold.toNanos();
    thread =
        new Thread(
            () -> {
              try {
                while (!stopped && System.nanoTime() < deadline) {
                  try {
                    step.run();
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    lastError.set(e);
                  }
                  if (!stopped) {
                    Thread.sleep(Math.max(1, pause.toMillis()));
                  }
                }
              } catch (InterruptedException e) {
                // stopped
              } finally {
                finish.run();
              }
            },
            name);
    thread.setDaemon(true);
  }

  static Repeater start(String name, Duration pause, Duration hold, Step step, Runnable finish) {
    Repeater repeater = new Repeater(name, pause, hold, step, finish);
    repeater.thread.start();
    return repeater;
  }

  /** Stops the loop; returns whether the thread ended within the bound. */
  boolean stop(Duration bound) {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  boolean isRunning() {
    return thread.isAlive();
  }

  /** The last failure of a step, if any (steps keep running after a failure). */
  Exception lastError() {
    return lastError.get();
  }

  static Duration checkHold(String faultId, Duration hold) {
    if (hold == null || hold.isNegative() || hold.isZero() || hold.toHours() > 24) {
      throw new IllegalArgumentException(
          faultId + ": hold " + hold + " must be positive and at most 24 h (a safety bound)");
    }
    return hold;
  }
}
