package io.pipelineperf.gatling;

import io.gatling.javaapi.core.Session;
import java.util.function.Function;

/** Gatling EL strings ("#{id}") as Java functions of the session. */
final class Expressions {

  private Expressions() {}

  static Function<Session, String> el(String expression) {
    return io.gatling.javaapi.core.internal.Expressions.expressionToJavaFunction(
        io.gatling.javaapi.core.internal.Expressions.toStringExpression(expression));
  }
}
