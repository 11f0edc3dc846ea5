package io.pipelineperf.gatling;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.pipelineperf.analysis.AssertionResult;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** The Kafka DSL: {@code import static io.pipelineperf.gatling.KafkaDsl.*;}. */
public final class KafkaDsl {

  private KafkaDsl() {}

  /** The Kafka protocol: bootstrap servers, client properties, outcomes topic, e2e timeout. */
  public static KafkaProtocolBuilder kafka() {
    return new KafkaProtocolBuilder();
  }

  /** Sends one record, recorded as request {@code name}; see {@link SendActionBuilder}. */
  public static SendActionBuilder send(String name) {
    return new SendActionBuilder(name);
  }

  /** Tracks the outcome of a message handed over by the next request (e.g. HTTP ingress). */
  public static TrackOutcomeActionBuilder trackOutcome(String idExpression) {
    return new TrackOutcomeActionBuilder(Expressions.el(idExpression));
  }

  public static TrackOutcomeActionBuilder trackOutcome(Function<Session, String> id) {
    return new TrackOutcomeActionBuilder(id);
  }

  /**
   * The phase-qualified name of the tracked message's request (e.g. "warmup http send"), for {@code
   * http(trackedRequestName())} after {@code trackOutcome}.
   */
  public static Function<Session, String> trackedRequestName() {
    return session -> session.getString(SessionKeys.REQUEST_NAME);
  }

  /** Waits until the user's message has an outcome, or the e2e timeout failed it. */
  public static ActionBuilder awaitOutcome() {
    return new AwaitOutcomeActionBuilder();
  }

  /** Runs the run's own checks and records each as request {@code name}, KO when it failed. */
  public static ActionBuilder checkRun(String name, Supplier<List<AssertionResult>> checks) {
    return new CheckRunActionBuilder(name, checks);
  }
}
