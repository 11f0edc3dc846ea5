package io.pipelineperf.gatling;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that calls the producer (its {@code send} may block), fed by a lock-free queue: a
 * hand-off is one CAS, and the thread is unparked only when it went to sleep, not per task. It runs
 * every queued task before it sleeps again, so at high rates one wake-up serves many sends.
 */
final class SenderThread implements Executor {

  private static final Logger LOG = LoggerFactory.getLogger(SenderThread.class);

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean sleeping;
  private volatile boolean shutdown;

  SenderThread(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the task; throws RejectedExecutionException once shut down. */
  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("the sender is shut down");
    }
    queue.offer(task);
    if (sleeping) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    while (true) {
      Runnable task = queue.poll();
      if (task != null) {
        runSafely(task);
        continue;
      }
      if (shutdown) {
        return;
      }
      sleeping = true;
      // re-check after announcing the sleep: a task queued before the flag was seen is not missed
      if (queue.isEmpty() && !shutdown) {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
      }
      sleeping = false;
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("A send task failed", e);
    }
  }

  /** Stops taking tasks, runs the queued ones, and waits at most {@code timeout} for that. */
  void shutdown(long timeout, TimeUnit unit) {
    shutdown = true;
    LockSupport.unpark(thread);
    try {
      thread.join(unit.toMillis(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops at once (tasks still queued are dropped). */
  void shutdownNow() {
    shutdown = true;
    queue.clear();
    LockSupport.unpark(thread);
  }
}
