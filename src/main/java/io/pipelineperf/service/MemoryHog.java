package io.pipelineperf.service;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planted defect memory-hog: retains {@code mbPerSecond} MB every second in a static list,
 * never released, until the heap is exhausted; the OutOfMemoryError then ends the JVM through
 * {@link OutOfMemoryExit}.
 */
public final class MemoryHog implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(MemoryHog.class);
  private static final int MB = 1024 * 1024;
  private static final long TICK_MS = 100;
  private static final long REPORT_EVERY_MB = 100;

  /** Static on purpose: a leak through a static collection, the classic shape. */
  private static final List<byte[]> RETAINED = new ArrayList<>();

  private final int mbPerSecond;
  private volatile boolean stopped;

  public MemoryHog(int mbPerSecond) {
    if (mbPerSecond < 1) {
      throw new IllegalArgumentException("mbPerSecond must be >= 1, was " + mbPerSecond);
    }
    this.mbPerSecond = mbPerSecond;
  }

  /** Starts the hog on a daemon thread named {@code defect-memory-hog}. */
  public Thread start() {
    Thread thread = new Thread(this, "defect-memory-hog");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  public void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long startNanos = System.nanoTime();
    long retainedMb = 0;
    try {
      while (!stopped) {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        long dueMb = elapsedMs * mbPerSecond / 1000 + 1;
        while (retainedMb < dueMb && !stopped) {
          RETAINED.add(new byte[MB]);
          retainedMb++;
          if (retainedMb % REPORT_EVERY_MB == 0) {
            log.warn("defect memory-hog: {} MB retained and never released", retainedMb);
          }
        }
        Thread.sleep(TICK_MS);
      }
    } catch (OutOfMemoryError e) {
      RETAINED.clear(); // the JVM ends now; free the heap so the exit can still be logged
      OutOfMemoryExit.halt(Thread.currentThread().getName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
