package io.pipelineperf.gatling;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.stats.StatsEngine;
import java.util.List;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Records results straight into Gatling's stats engine, so they appear in the report. */
final class GatlingResponseLog implements ResponseLog {

  private final StatsEngine statsEngine;

  GatlingResponseLog(StatsEngine statsEngine) {
    this.statsEngine = statsEngine;
  }

  static scala.collection.immutable.List<String> scalaGroups(List<String> groups) {
    return groups.isEmpty()
        ? scala.collection.immutable.List$.MODULE$.empty()
        : CollectionConverters.asScala(groups).toList();
  }

  static List<String> javaGroups(scala.collection.immutable.List<String> groups) {
    return groups.isEmpty() ? List.of() : List.copyOf(CollectionConverters.asJava(groups));
  }

  @Override
  public void log(
      String scenario,
      List<String> groups,
      String requestName,
      long startEpochMillis,
      long endEpochMillis,
      boolean ok,
      String message) {
    statsEngine.logResponse(
        scenario,
        scalaGroups(groups),
        requestName,
        startEpochMillis,
        Math.max(endEpochMillis, startEpochMillis),
        ok ? OK$.MODULE$ : KO$.MODULE$,
        Option.empty(),
        Option.apply(message));
  }
}
