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
        "SIGKILL of the system under test's process (no shutdown hook runs, nothing is flushed);"
            + " heal starts it again with the same settings and waits until it is ready (the"
            + " reference service: /ready; Kafka Connect: its task RUNNING; a service the lab did"
            + " not start: -Dservice.restartCommand).",
        "after the restart the consumer group resumes from the last committed offsets: every"
            + " acknowledged message is in the reconciled table exactly once (a redelivered one is"
            + " skipped as a duplicate or overwrites its own row), HTTP requests in flight fail"
            + " rather than being half-done",
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
