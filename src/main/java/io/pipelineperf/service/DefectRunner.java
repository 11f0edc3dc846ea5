package io.pipelineperf.service;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes planted defects loud (a WARN banner at start and every minute) and runs cpu-hog and
 * memory-hog.
 */
final class DefectRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DefectRunner.class);

  private final Set<Defect> defects;
  private final int memoryHogMbPerSec;
  private final ScheduledExecutorService banner =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "defect-banner");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean stopped;
  private Thread hog;
  private MemoryHog memoryHog;

  DefectRunner(Set<Defect> defects, int memoryHogMbPerSec) {
    this.defects = defects;
    this.memoryHogMbPerSec = memoryHogMbPerSec;
  }

  void start() {
    if (defects.isEmpty()) {
      return;
    }
    banner.scheduleAtFixedRate(this::warn, 0, 1, TimeUnit.MINUTES);
    if (defects.contains(Defect.CPU_HOG)) {
      hog = new Thread(this::burn, "defect-cpu-hog");
      hog.setDaemon(true);
      hog.start();
    }
    if (defects.contains(Defect.MEMORY_HOG)) {
      memoryHog = new MemoryHog(memoryHogMbPerSec);
      memoryHog.start();
    }
  }

  private void warn() {
    String names =
        defects.stream().map(Defect::configName).sorted().collect(Collectors.joining(","));
    log.warn("**************************************************************************");
    log.warn("*** PLANTED DEFECTS ACTIVE: {} -- this service is broken on purpose", names);
    if (defects.contains(Defect.MEMORY_HOG)) {
      log.warn(
          "*** memory-hog retains {} MB/s until OutOfMemoryError ends the JVM (exit code {})",
          memoryHogMbPerSec,
          OutOfMemoryExit.EXIT_CODE);
    }
    log.warn("*** (unset the 'defect' setting for correct behaviour)");
    log.warn("**************************************************************************");
  }

  private void burn() {
    long x = 1;
    while (!stopped) {
      for (int i = 0; i < 1_000_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      if (x == 42) {
        log.trace("never");
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    if (memoryHog != null) {
      memoryHog.stop();
    }
    banner.shutdownNow();
  }
}
