package io.pipelineperf.faults.app;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.Component;

/**
 * {@code service-crash}: SIGKILL of the service JVM; heal starts it again (same port, settings).
 */
public final class ServiceCrashFault extends SimpleFault {
  public static final String ID = "service-crash";

  public ServiceCrashFault(FaultContext context) {
    super(
        ID,
        "SIGKILL of the service JVM (no shutdown hook runs, nothing is flushed); heal starts it"
            + " again with the same settings and HTTP port and waits for /ready.",
        "after the restart the consumer group resumes from the last committed offsets: every"
            + " acknowledged message is in pipeline.messages exactly once (redelivered ones are"
            + " skipped as duplicates), HTTP requests in flight fail rather than being half-done",
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
    return context.requireServiceProcess(true);
  }

  @Override
  public void inject() {
    service().kill();
  }

  @Override
  public void heal() {
    service().start(); // no-op when running
  }
}
