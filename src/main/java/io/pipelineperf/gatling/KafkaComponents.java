package io.pipelineperf.gatling;

import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * What Kafka actions find in Gatling's protocol registry: the run's {@link KafkaRuntime}. Gatling
 * makes one per scenario; a scenario with tracked actions has its users placed in its schedule as
 * they start.
 */
final class KafkaComponents implements ProtocolComponents {

  private final KafkaRuntime runtime;
  private volatile boolean scheduled;

  KafkaComponents(KafkaRuntime runtime) {
    this.runtime = runtime;
  }

  KafkaRuntime runtime() {
    return runtime;
  }

  /**
   * The runtime, for an action whose messages are due by the schedule ({@code send}, {@code
   * trackOutcome}): marks this scenario as scheduled. Fails while Gatling builds the scenarios when
   * no profile is left for it.
   */
  synchronized KafkaRuntime scheduledRuntime() {
    if (!scheduled) {
      runtime.intendedTimes().expectScheduledScenario();
      scheduled = true;
    }
    return runtime;
  }

  @Override
  public Function1<Session, Session> onStart() {
    return session -> scheduled ? runtime.intendedTimes().onUserStart(session) : session;
  }

  @Override
  public Function1<Session, BoxedUnit> onExit() {
    return ProtocolComponents.NoopOnExit();
  }
}
