package io.pipelineperf.payload;

import io.gatling.core.Predef$;
import io.gatling.core.config.GatlingConfiguration;

/** Gatling's configuration, which Gatling sets before it builds a simulation; tests set it here. */
final class GatlingConfig {

  private GatlingConfig() {}

  static synchronized void ensureLoaded() {
    if (Predef$.MODULE$._configuration() == null) {
      Predef$.MODULE$._configuration_$eq(GatlingConfiguration.load());
    }
  }
}
