package io.pipelineperf.payload;

import io.gatling.javaapi.core.Session;
import java.util.Map;

/** A Gatling session outside a run, to render a template once before the load starts. */
final class SampleSession {

  private SampleSession() {}

  static Session with(Map<String, Object> attributes) {
    return new Session(io.gatling.core.session.Session$.MODULE$.apply("payload check", 0L, null))
        .setAll(attributes);
  }
}
