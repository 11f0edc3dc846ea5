package io.pipelineperf.faults.app;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.service.Defect;
import io.pipelineperf.stack.ServiceProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code service-oom}: the service is restarted with a small heap and the planted defect {@value
 * #DEFECT} (a static list that retains {@value #HOG_MB_PER_SEC} MB/s until the heap is gone); the
 * service ends its JVM on the OutOfMemoryError (exit code 3). Heal restarts it with its original
 * heap and settings. A service without that defect would refuse to start, so {@link #skipReason()}
 * checks for it.
 */
public final class ServiceOomFault extends SimpleFault {
  public static final String ID = "service-oom";
  public static final String DEFECT = "memory-hog";
  public static final String SMALL_HEAP = "128m";

  /** Slow enough that the service becomes ready first (about 10-20 s to the OOM). */
  public static final String HOG_MB_PER_SEC = "6";

  /** How long inject waits for the OutOfMemoryError to end the process. */
  static final Duration DEATH_WAIT = Duration.ofSeconds(90);

  private Map<String, String> originalProperties;
  private String originalHeap;

  public ServiceOomFault(FaultContext context) {
    super(
        ID,
        "restarts the service with -Xmx"
            + SMALL_HEAP
            + " and the planted defect '"
            + DEFECT
            + "' ("
            + HOG_MB_PER_SEC
            + " MB/s retained until OutOfMemoryError, on which the service exits). Heal restarts"
            + " it with its own heap and settings.",
        "the OOM ends the process rather than leaving it half-alive; after the restart the group"
            + " resumes from the committed offsets: nothing lost, nothing written twice, /ready"
            + " is 200 again",
        context);
  }

  /** Whether the service on the classpath knows the memory-hog defect. */
  static boolean serviceHasDefect() {
    return Arrays.stream(Defect.values()).anyMatch(d -> d.configName().equals(DEFECT));
  }

  @Override
  public Optional<String> skipReason() {
    Optional<String> reason = context.requireEmbedded();
    if (reason.isPresent()) {
      return reason;
    }
    io.pipelineperf.stack.Sut sut = context.stack().orElseThrow().config().sut();
    if (sut != io.pipelineperf.stack.Sut.REFERENCE) {
      return Optional.of(
          "needs the reference service's memory-hog defect; the system under test is sut="
              + sut.id());
    }
    return serviceHasDefect()
        ? Optional.empty()
        : Optional.of(
            "the service has no '"
                + DEFECT
                + "' defect (io.pipelineperf.service.Defect knows "
                + Arrays.toString(Defect.values())
                + "): a small heap alone does not make it run out of memory");
  }

  private ServiceProcess service() {
    return context.stack().orElseThrow().service();
  }

  @Override
  public synchronized void inject() {
    ServiceProcess service = service();
    if (originalProperties == null) {
      originalProperties = service.serviceProperties();
      originalHeap = service.heap();
    }
    Map<String, String> props = new TreeMap<>(originalProperties);
    String defects = props.getOrDefault("defect", "");
    props.put("defect", defects.isBlank() ? DEFECT : defects + "," + DEFECT);
    props.put("defect.memoryHogMbPerSec", HOG_MB_PER_SEC);
    try {
      service.restartWith(props, SMALL_HEAP);
    } catch (RuntimeException e) {
      if (service.isRunning()) {
        throw new FaultException(ID + ": restarting the service with the defect failed: " + e, e);
      }
      // it ran out of memory before it became ready: that is the fault taking effect
    }
    awaitDeath(service);
  }

  /**
   * The fault is the process dying of its leak: inject returns once it has exited (bounded), so
   * that a heal never restarts a process that had not failed yet.
   */
  private static void awaitDeath(ServiceProcess service) {
    long deadline = System.nanoTime() + DEATH_WAIT.toNanos();
    while (service.isRunning() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (service.isRunning()) {
      throw new FaultException(
          ID
              + ": the service with -Xmx"
              + SMALL_HEAP
              + " and "
              + DEFECT
              + " was still running after "
              + DEATH_WAIT.toSeconds()
              + " s: the leak did not exhaust its heap");
    }
  }

  @Override
  public synchronized void heal() {
    if (originalProperties == null) {
      return;
    }
    Map<String, String> props = originalProperties;
    String heap = originalHeap;
    originalProperties = null;
    service().restartWith(props, heap);
  }
}
