package io.pipelineperf.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import java.util.function.Function;

/**
 * {@code trackOutcome("#{id}").as("http send")}: placed right before a request that hands a message
 * to another ingress (HTTP). Takes the message's due time from the schedule and starts awaiting its
 * outcome, recorded as {@code <as> e2e}. Follow the request with {@code awaitOutcome()}, which
 * counts the message as accepted when the session did not fail.
 */
public final class TrackOutcomeActionBuilder implements ActionBuilder {

  private final Function<io.gatling.javaapi.core.Session, String> id;
  private String name = "http send";

  TrackOutcomeActionBuilder(Function<io.gatling.javaapi.core.Session, String> id) {
    this.id = id;
  }

  /** The base request name of the tracked message (default "http send"). */
  public TrackOutcomeActionBuilder as(String requestName) {
    this.name = requestName;
    return this;
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    String base = name;
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        KafkaRuntime runtime =
            ctx.protocolComponentsRegistry().components(KafkaProtocol.KEY).scheduledRuntime();
        return new TrackOutcomeAction(base, id, runtime, next);
      }
    };
  }

  private static final class TrackOutcomeAction extends JavaAction {
    private final String base;
    private final Function<io.gatling.javaapi.core.Session, String> id;
    private final KafkaRuntime runtime;
    private final Action next;

    TrackOutcomeAction(
        String base,
        Function<io.gatling.javaapi.core.Session, String> id,
        KafkaRuntime runtime,
        Action next) {
      this.base = base;
      this.id = id;
      this.runtime = runtime;
      this.next = next;
    }

    @Override
    public String name() {
      return "track " + base;
    }

    @Override
    public void execute(Session session) {
      String messageId;
      try {
        messageId = id.apply(new io.gatling.javaapi.core.Session(session));
      } catch (RuntimeException e) {
        next.$bang(session.markAsFailed());
        return;
      }
      Slot slot = runtime.intendedTimes().slot(session);
      long start = EpochNanos.now();
      Pending message =
          new Pending(
              messageId,
              base,
              slot,
              session.scenario(),
              GatlingResponseLog.javaGroups(session.groups()));
      if (!runtime.tracker().register(message)) {
        logger()
            .underlying()
            .warn("Not tracking message {}: its id is already in flight", messageId);
        next.$bang(session.markAsFailed());
        return;
      }
      runtime.metrics().sent(slot, start);
      Session tracked =
          new io.gatling.javaapi.core.Session(SendAction.withTracking(session, messageId, slot))
              .set(SessionKeys.SEND_START, start)
              .set(SessionKeys.REQUEST_NAME, slot.phase().requestName(base))
              .asScala();
      next.$bang(tracked);
    }
  }
}
