package io.pipelineperf.gatling;

import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import scala.Function1;
import scala.runtime.BoxedUnit;

/** What Kafka actions find in Gatling's protocol registry: the run's {@link KafkaRuntime}. */
final class KafkaComponents implements ProtocolComponents {

  private final KafkaRuntime runtime;

  KafkaComponents(KafkaRuntime runtime) {
    this.runtime = runtime;
  }

  KafkaRuntime runtime() {
    return runtime;
  }

  @Override
  public Function1<Session, Session> onStart() {
    return session -> session;
  }

  @Override
  public Function1<Session, BoxedUnit> onExit() {
    return ProtocolComponents.NoopOnExit();
  }
}
