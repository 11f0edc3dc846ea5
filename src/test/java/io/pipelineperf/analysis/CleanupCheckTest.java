package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class CleanupCheckTest {

  private static final long T0 = 1_000_000L;
  private static final CleanupCheck.Tolerances TOL = CleanupCheck.Tolerances.defaults();

  /** 60 samples a second apart; the load drains at second 55. */
  private static List<Sample> run(IntFunction<Map<String, Double>> values) {
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < 60; s++) {
      samples.add(new Sample(T0 + s * 1000L, s < 55 ? "measured" : "cool-down", values.apply(s)));
    }
    return samples;
  }

  private static long drainedAt() {
    return T0 + 55_000L;
  }

  private static Map<String, Double> values(double threads, double fds, double sessions) {
    Map<String, Double> v = new HashMap<>();
    v.put("jmx.threads.live", threads);
    v.put("jmx.fd.open", fds);
    v.put("db.serviceSessions", sessions);
    v.put("pool.active", 0.0);
    return v;
  }

  private static CleanupReport.Entry entry(CleanupReport r, String signal) {
    return r.signals().stream().filter(e -> e.signal().equals(signal)).findFirst().orElseThrow();
  }

  @Test
  void aServiceThatGivesEverythingBackPasses() {
    // busier under load, back to its baseline (within the tolerance) after the drain
    CleanupReport r =
        CleanupCheck.evaluate(
            run(s -> s < 55 ? values(60, 170, 10) : values(42 + s % 2, 163, 10)), drainedAt(), TOL);

    assertThat(r.getVerdict()).isEqualTo("PASS");
    assertThat(r.assertions()).hasSize(4).allMatch(AssertionResult::passed);
    assertThat(entry(r, "threads").baseline()).isEqualTo(60.0);
    assertThat(entry(r, "threads").after()).isEqualTo(42.0);
  }

  @Test
  void leakedFilesAndSessionsFailTheirSignals() {
    CleanupReport r =
        CleanupCheck.evaluate(run(s -> values(40, 160 + 5 * s, 10 + s / 2)), drainedAt(), TOL);

    assertThat(r.getVerdict()).isEqualTo("FAIL");
    CleanupReport.Entry fds = entry(r, "fileDescriptors");
    assertThat(fds.baseline()).isEqualTo(165.0); // median of 160, 165, 170
    assertThat(fds.after()).isEqualTo(445.0); // minimum of the last three (seconds 57-59)
    assertThat(fds.verdict()).isEqualTo("FAIL");
    assertThat(entry(r, "dbSessions").growth()).isEqualTo(28.0);
    assertThat(entry(r, "dbSessions").verdict()).isEqualTo("FAIL");
    assertThat(entry(r, "threads").verdict()).isEqualTo("PASS");
    assertThat(Verdict.of(r.assertions())).isEqualTo(Verdict.FAIL);
    assertThat(r.line()).contains("fileDescriptors 165 -> 445 (+280 > 10)");
  }

  @Test
  void growthAtTheToleranceStillPasses() {
    CleanupReport r =
        CleanupCheck.evaluate(
            run(s -> s < 55 ? values(40, 160, 10) : values(45, 170, 12)), drainedAt(), TOL);

    assertThat(r.getVerdict()).isEqualTo("PASS");
  }

  @Test
  void aConnectionStillHeldAfterTheDrainFails() {
    CleanupReport r =
        CleanupCheck.evaluate(
            run(
                s -> {
                  Map<String, Double> v = values(40, 160, 10);
                  v.put("pool.active", s < 55 ? 0.0 : 1.0);
                  return v;
                }),
            drainedAt(),
            TOL);

    assertThat(entry(r, "poolActive").verdict()).isEqualTo("FAIL");
  }

  @Test
  void withoutJmxTheServiceOwnMetricsAreUsed() {
    CleanupReport r =
        CleanupCheck.evaluate(
            run(s -> Map.of("svc.threads.live", 40.0 + (s < 55 ? 0 : 20))), drainedAt(), TOL);

    CleanupReport.Entry threads = entry(r, "threads");
    assertThat(threads.key()).isEqualTo("svc.threads.live");
    assertThat(threads.verdict()).isEqualTo("FAIL");
    assertThat(entry(r, "dbSessions").verdict()).isEqualTo("NOT_MEASURED");
    assertThat(r.assertions()).hasSize(1);
  }

  @Test
  void nothingSampledAfterTheDrainIsNotMeasuredAndAddsNoCheck() {
    CleanupReport r = CleanupCheck.evaluate(run(s -> values(40, 160, 10)), T0 + 120_000L, TOL);

    assertThat(r.getVerdict()).isEqualTo("NOT_MEASURED");
    assertThat(r.assertions()).isEmpty();
    assertThat(entry(r, "threads").reason()).contains("after the drain");
  }

  @Test
  void theSectionSerialisesVerdictFirst() throws Exception {
    CleanupReport r = CleanupCheck.evaluate(run(s -> values(40, 160, 10)), drainedAt(), TOL);
    JsonNode json = new ObjectMapper().valueToTree(r);

    assertThat(json.fieldNames().next()).isEqualTo("verdict");
    assertThat(json.path("verdict").asText()).isEqualTo("PASS");
    assertThat(json.path("signals").get(0).path("baseline").asDouble()).isEqualTo(40.0);
    assertThat(json.path("signals").get(0).path("tolerance").asDouble()).isEqualTo(5.0);
  }
}
