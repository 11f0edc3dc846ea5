package io.pipelineperf.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import scala.Option;

/**
 * {@code awaitOutcome()}: the virtual user waits until its message's outcome is seen or the e2e
 * timeout fails it, so the run ends only once every outcome is in; the session is marked failed
 * when the message did not end well (send failed, timed out, unexpected dead letter). After {@code
 * trackOutcome} it also records the message as accepted (the session did not fail) or as never
 * sent.
 */
final class AwaitOutcomeActionBuilder implements ActionBuilder {

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        KafkaRuntime runtime =
            ctx.protocolComponentsRegistry().components(KafkaProtocol.KEY).runtime();
        return new AwaitOutcomeAction(runtime, next);
      }
    };
  }

  private static final class AwaitOutcomeAction extends JavaAction {
    private final KafkaRuntime runtime;
    private final Action next;

    AwaitOutcomeAction(KafkaRuntime runtime, Action next) {
      this.runtime = runtime;
      this.next = next;
    }

    @Override
    public String name() {
      return "await outcome";
    }

    @Override
    public void execute(Session session) {
      Option<Object> id = session.attributes().get(SessionKeys.MESSAGE_ID);
      if (id.isEmpty()) {
        next.$bang(session);
        return;
      }
      String messageId = (String) id.get();
      Slot slot = (Slot) session.attributes().get(SessionKeys.SLOT).get();
      Option<Object> trackedStart = session.attributes().get(SessionKeys.SEND_START);
      OutcomeTracker tracker = runtime.tracker();
      if (trackedStart.isDefined()) {
        if (session.isFailed()) {
          tracker.sendFailed(messageId, slot);
        } else {
          tracker.acked(messageId, slot, EpochNanos.now() - slot.intendedEpochNanos());
        }
      }
      Session cleared =
          session
              .remove(SessionKeys.MESSAGE_ID)
              .remove(SessionKeys.SLOT)
              .remove(SessionKeys.SEND_START)
              .remove(SessionKeys.REQUEST_NAME);
      tracker.await(messageId, ok -> next.$bang(ok ? cleared : cleared.markAsFailed()));
    }
  }
}
