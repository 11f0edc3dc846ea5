package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread. Everything about a connection (I/O, toxic timers, closing) happens on the
 * loop that owns it, so connection state needs no locks; other threads hand work in with {@link
 * #execute} or {@link #submit}.
 */
final class EventLoop {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** What a selection key's attachment does when its channel is ready. */
  interface Handler {
    void onReady(SelectionKey key) throws IOException;

    /** Called when onReady throws: release what the handler owns. */
    void onFailure(Exception e);
  }

  /** A cancellable timer; cancelled timers stay queued and are skipped when due. */
  static final class Timer implements Comparable<Timer> {
    private final long dueNanos;
    private final Runnable action;
    private boolean cancelled;

    private Timer(long dueNanos, Runnable action) {
      this.dueNanos = dueNanos;
      this.action = action;
    }

    void cancel() {
      cancelled = true;
    }

    long dueNanos() {
      return dueNanos;
    }

    @Override
    public int compareTo(Timer other) {
      return Long.compare(dueNanos, other.dueNanos);
    }
  }

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final List<Runnable> shutdownHooks = new ArrayList<>();
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  private volatile boolean running = true;
  private volatile boolean started;

  /** Shared by all connections of this loop: data read is written out or copied before reuse. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);

  EventLoop(String threadName) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  void start() {
    started = true;
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs the task on the loop; the future completes when it has run (or failed). */
  CompletableFuture<Void> submit(Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new IllegalStateException("event loop is stopped"));
      return done;
    }
    execute(
        () -> {
          try {
            task.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** Schedules an action on this loop; call only from the loop thread. */
  Timer schedule(long delayNanos, Runnable action) {
    Timer timer = new Timer(System.nanoTime() + Math.max(0, delayNanos), action);
    timers.add(timer);
    return timer;
  }

  /**
   * Channels registered with a selector are really closed (port released, FIN or RST sent) only
   * when their keys leave the selector; this makes that happen now. Call only on the loop thread.
   */
  void flushClosedChannels() {
    try {
      selector.selectNow(key -> {}); // level-triggered: ready keys come back next round
    } catch (IOException e) {
      LOG.warn("selectNow on {} failed", thread.getName(), e);
    }
  }

  /** Runs on the loop thread when it stops, before the selector closes. */
  void onShutdown(Runnable hook) {
    shutdownHooks.add(hook);
  }

  /** Stops the loop and waits (bounded) for its thread to end. */
  void stop(long timeoutMillis) {
    running = false;
    if (!started) {
      closeSelector();
      return;
    }
    selector.wakeup();
    if (!inLoop()) {
      try {
        thread.join(timeoutMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  private void run() {
    try {
      while (running) {
        selector.select(dispatch, selectTimeoutMillis());
        runTasks();
        runDueTimers();
      }
    } catch (IOException e) {
      LOG.error("fault proxy event loop {} failed", thread.getName(), e);
    } finally {
      runTasks();
      for (Runnable hook : shutdownHooks) {
        runSafely(hook);
      }
      closeSelector();
    }
  }

  /** 0 means "until woken", which Selector.select takes as "no timeout". */
  private long selectTimeoutMillis() {
    if (!tasks.isEmpty()) {
      return 1;
    }
    Timer next = timers.peek();
    if (next == null) {
      return 0;
    }
    long nanos = next.dueNanos - System.nanoTime();
    return nanos <= 0 ? 1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
  }

  private void dispatch(SelectionKey key) {
    Handler handler = (Handler) key.attachment();
    try {
      if (key.isValid()) {
        handler.onReady(key);
      }
    } catch (IOException | RuntimeException e) {
      handler.onFailure(e);
    }
  }

  private void runTasks() {
    // Bounded: tasks added while running wait for the next round.
    for (int n = tasks.size(); n > 0; n--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      runSafely(task);
    }
  }

  private void runDueTimers() {
    long now = System.nanoTime();
    for (int n = timers.size(); n > 0; n--) {
      Timer next = timers.peek();
      if (next == null || next.dueNanos > now) {
        return;
      }
      timers.poll();
      if (!next.cancelled) {
        runSafely(next.action);
      }
    }
  }

  private void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("fault proxy task failed on {}", thread.getName(), e);
    }
  }

  private void closeSelector() {
    try {
      selector.close();
    } catch (IOException e) {
      LOG.warn("closing the selector of {} failed", thread.getName(), e);
    }
  }
}
