package io.pipelineperf.faults.app;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.Component;

/**
 * {@code service-pause}: SIGSTOP of the service JVM (a stop-the-world pause, like a long GC or a
 * frozen VM); heal is SIGCONT.
 */
public final class ServicePauseFault extends SimpleFault {
  public static final String ID = "service-pause";

  public ServicePauseFault(FaultContext context) {
    super(
        ID,
        "SIGSTOP of the service JVM: it neither polls, heartbeats nor answers HTTP until SIGCONT"
            + " (heal). A pause longer than the consumer session timeout (45 s) makes the group"
            + " evict its consumers.",
        "the service resumes by itself after SIGCONT: consumers rejoin if they were evicted, a"
            + " batch whose offsets could no longer be committed is redelivered and skipped as"
            + " duplicates; nothing lost, nothing written twice, /ready is 200 again",
        context);
  }

  /**
   * The system under test: the reference service, what {@code -Dsut=} started, or an external
   * service given by its pid.
   */
  private Component service() {
    return context.serviceProcess().orElseThrow();
  }

  @Override
  public java.util.Optional<String> skipReason() {
    return context.requireServiceProcess(false);
  }

  @Override
  public void inject() {
    service().pause();
  }

  @Override
  public void heal() {
    Component service = service();
    if (service.isRunning()) {
      service.resume();
    }
  }
}
