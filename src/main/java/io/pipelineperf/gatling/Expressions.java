package io.pipelineperf.gatling;

import io.gatling.javaapi.core.Session;
import java.util.function.Function;

/** Gatling EL strings ("#{id}") as Java functions of the session. */
final class Expressions {

  private Expressions() {}

  /** A function of the session; a string without EL is returned as is, at no cost per call. */
  static Function<Session, String> el(String expression) {
    if (isConstant(expression)) {
      return session -> expression;
    }
    return io.gatling.javaapi.core.internal.Expressions.expressionToJavaFunction(
        io.gatling.javaapi.core.internal.Expressions.toStringExpression(expression));
  }

  /** True when the string holds no EL placeholder (Gatling's EL starts each with "#{"). */
  static boolean isConstant(String expression) {
    return expression != null && !expression.contains("#{");
  }
}
