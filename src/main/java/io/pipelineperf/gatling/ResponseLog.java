package io.pipelineperf.gatling;

import java.util.List;

/** Where request results go: Gatling's stats engine in a run, a list in a test. */
public interface ResponseLog {

  void log(
      String scenario,
      List<String> groups,
      String requestName,
      long startEpochMillis,
      long endEpochMillis,
      boolean ok,
      String message);

  ResponseLog NONE = (scenario, groups, name, start, end, ok, message) -> {};
}
