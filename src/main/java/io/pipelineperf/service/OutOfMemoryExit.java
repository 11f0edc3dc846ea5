package io.pipelineperf.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the JVM with exit code 3 on the first uncaught OutOfMemoryError instead of letting it limp
 * on with dead threads. Code 3 is also what HotSpot's {@code -XX:+ExitOnOutOfMemoryError} (which
 * the stack passes) exits with, so a supervisor sees the same code either way. Shutdown hooks do
 * not run: an out-of-memory death is a crash, not a graceful stop.
 */
public final class OutOfMemoryExit {
  public static final int EXIT_CODE = 3;

  private static final Logger log = LoggerFactory.getLogger(OutOfMemoryExit.class);

  /** Freed before reporting, so the log line itself has room to allocate. */
  private static volatile byte[] reserve = new byte[4 * 1024 * 1024];

  private OutOfMemoryExit() {}

  /** Routes uncaught OutOfMemoryErrors of every thread to {@link #halt}; others as before. */
  public static void install() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          if (error instanceof OutOfMemoryError oom) {
            halt(thread.getName(), oom);
          } else if (previous != null) {
            previous.uncaughtException(thread, error);
          } else {
            thread.getThreadGroup().uncaughtException(thread, error);
          }
        });
  }

  /** Logs one line naming the thread and the fix, then halts with {@link #EXIT_CODE}. */
  public static void halt(String threadName, OutOfMemoryError error) {
    reserve = null;
    try {
      log.error(
          "OutOfMemoryError in thread {} ({}): pipeline-service exits with code {}; give the"
              + " service JVM more heap (-Xmx) or find what retains memory (planted defect"
              + " memory-hog?)",
          threadName,
          error.getMessage(),
          EXIT_CODE);
    } catch (Throwable loggingFailed) {
      System.err.println(
          "pipeline-service: OutOfMemoryError in thread "
              + threadName
              + "; exit code "
              + EXIT_CODE);
    } finally {
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
