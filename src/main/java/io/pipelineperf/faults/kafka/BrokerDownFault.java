package io.pipelineperf.faults.kafka;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.KafkaBroker;

/**
 * {@code broker-down}: SIGKILL of the (only) broker; heal restarts it on the same ports and data.
 */
public final class BrokerDownFault extends SimpleFault {
  public static final String ID = "broker-down";

  public BrokerDownFault(FaultContext context) {
    super(
        ID,
        "SIGKILL of the Kafka broker JVM (the only broker: producers, the service's consumers and"
            + " its outcome/DLQ producer lose it at once); heal restarts it on the same ports and"
            + " data and waits until it answers.",
        "the service stays up and reports not-ready while the broker is gone, does not write"
            + " half-processed batches twice; after heal it reconnects by itself and every message"
            + " the broker acknowledged before or after is in pipeline.messages exactly once",
        context);
  }

  private KafkaBroker broker() {
    return context.stack().orElseThrow().broker();
  }

  @Override
  public void inject() {
    broker().kill();
  }

  @Override
  public void heal() {
    broker().start(); // no-op when running; bounded readiness wait
  }
}
