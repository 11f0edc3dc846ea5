package io.pipelineperf.payload;

import io.gatling.commons.validation.Failure;
import io.gatling.commons.validation.Success;
import io.gatling.commons.validation.Validation;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.internal.Expressions;
import java.util.function.Function;
import scala.Function1;

/** A string in Gatling's Expression Language, compiled once by Gatling's own EL compiler. */
final class ElString {

  private final String setting;
  private final Function1<io.gatling.core.session.Session, Validation<String>> expression;

  private ElString(
      String setting, Function1<io.gatling.core.session.Session, Validation<String>> expression) {
    this.setting = setting;
    this.expression = expression;
  }

  /** Compiles {@code text}; a syntax error names {@code setting}. */
  static ElString compile(String setting, String text) {
    try {
      return new ElString(setting, Expressions.toStringExpression(text));
    } catch (Exception e) { // Gatling's ElParserException is not a RuntimeException
      throw new IllegalArgumentException(
          "-D" + setting + ": not valid Gatling EL: " + e.getMessage(), e);
    }
  }

  /** The rendered text, or Gatling's reason it could not be rendered for this session. */
  Rendered tryRender(Session session) {
    Validation<String> v = expression.apply(session.asScala());
    if (v instanceof Success<String> s) {
      return new Rendered(s.value(), null);
    }
    return new Rendered(null, ((Failure) (Object) v).message());
  }

  /** For the load: renders, and fails the user's action with Gatling's reason. */
  Function<Session, String> function() {
    return Expressions.expressionToJavaFunction(expression);
  }

  String setting() {
    return setting;
  }

  record Rendered(String text, String failure) {
    boolean ok() {
      return failure == null;
    }
  }
}
