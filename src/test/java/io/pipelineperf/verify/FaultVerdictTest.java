package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.analysis.AssertionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each fault assertion passes on a good outcome and fails when driven over its threshold. */
class FaultVerdictTest {

  private static final FaultWindow WINDOW = new FaultWindow(1_000_000, 1_010_000);
  private static final FaultThresholds LIMITS = FaultThresholds.defaults();

  private static FaultOutcome outcome(Double recoverySeconds, Double outsideErrorRatePct) {
    return new FaultOutcome(
        WINDOW,
        1.0,
        "throughput",
        recoverySeconds,
        1000.0,
        100.0,
        600.0,
        12,
        3,
        outsideErrorRatePct,
        List.of());
  }

  private static AssertionResult check(FaultVerdict verdict, String contains) {
    return verdict.assertions().stream()
        .filter(a -> a.description().contains(contains))
        .findFirst()
        .orElseThrow();
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("assert.maxRecoverySeconds");
    System.clearProperty("assert.maxLost");
  }

  @Test
  void aGoodOutcomePasses() {
    FaultVerdict v = FaultVerdict.judge("db-down", outcome(4.0, 0.01), 0, 0, LIMITS);

    assertThat(v.verdict()).isEqualTo(FaultVerdict.Verdict.PASS);
    assertThat(v.passed()).isTrue();
    assertThat(v.reasons()).isEmpty();
    assertThat(v.assertions())
        .extracting(AssertionResult::description)
        .containsExactly(
            "db-down: recovery < 30 s",
            "db-down: lost messages <= 0",
            "db-down: duplicated messages <= 0",
            "db-down: error rate outside the fault window < 1 %");
    assertThat(v.assertions()).allMatch(AssertionResult::passed);
  }

  @Test
  void recoveryAtTheLimitFails() {
    FaultVerdict v = FaultVerdict.judge("db-down", outcome(30.0, 0.0), 0, 0, LIMITS);

    assertThat(v.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
    assertThat(check(v, "recovery").passed()).isFalse();
    assertThat(check(v, "recovery").actual()).isEqualTo(30.0);
    assertThat(v.reasons()).containsExactly("db-down: recovery < 30 s failed (actual 30)");
  }

  @Test
  void neverRecoveredFails() {
    FaultVerdict v = FaultVerdict.judge("db-down", outcome(null, 0.0), 0, 0, LIMITS);

    assertThat(check(v, "recovery").passed()).isFalse();
    assertThat(check(v, "recovery").actual()).isNull();
    assertThat(v.reasons()).singleElement().asString().contains("never came back");
  }

  @Test
  void aLostMessageFails() {
    FaultVerdict v = FaultVerdict.judge("kill", outcome(4.0, 0.0), 1, 0, LIMITS);

    assertThat(check(v, "lost").passed()).isFalse();
    assertThat(check(v, "lost").actual()).isEqualTo(1.0);
    assertThat(v.reasons()).containsExactly("kill: lost messages <= 0 failed (actual 1)");
  }

  @Test
  void aDuplicatedMessageFails() {
    FaultVerdict v =
        FaultVerdict.judge(
            "kill",
            outcome(4.0, 0.0),
            new Reconciliation(10, 10, 0, 2, List.of(), List.of()),
            LIMITS);

    assertThat(check(v, "duplicated").passed()).isFalse();
    assertThat(check(v, "duplicated").actual()).isEqualTo(2.0);
    assertThat(v.verdict()).isEqualTo(FaultVerdict.Verdict.FAIL);
  }

  @Test
  void anOutsideErrorRateAtTheLimitFails() {
    FaultVerdict v = FaultVerdict.judge("proxy", outcome(4.0, 1.0), 0, 0, LIMITS);

    assertThat(check(v, "error rate").passed()).isFalse();
    assertThat(v.reasons()).singleElement().asString().contains("(actual 1)");
  }

  @Test
  void anUnmeasuredErrorRateFails() {
    FaultVerdict v = FaultVerdict.judge("proxy", outcome(4.0, null), 0, 0, LIMITS);

    assertThat(check(v, "error rate").passed()).isFalse();
    assertThat(v.reasons()).singleElement().asString().contains("not measurable");
  }

  @Test
  void thresholdsComeFromSystemProperties() {
    System.setProperty("assert.maxRecoverySeconds", "45");
    System.setProperty("assert.maxLost", "2");

    FaultThresholds limits = FaultThresholds.fromSystemProperties();
    assertThat(limits).isEqualTo(new FaultThresholds(45, 2, 0, 1.0));
    assertThat(FaultVerdict.judge("x", outcome(40.0, 0.0), 2, 0, limits).passed()).isTrue();
  }

  @Test
  void aBadThresholdFailsNamingTheSetting() {
    System.setProperty("assert.maxRecoverySeconds", "soon");

    assertThatThrownBy(FaultThresholds::fromSystemProperties)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dassert.maxRecoverySeconds=soon")
        .hasMessageContaining("-Dassert.maxRecoverySeconds=30");
  }

  @Test
  void theSummaryEntrySerialisesWithItsRequiredFields() throws Exception {
    FaultOutcome neverDetected =
        new FaultOutcome(
            WINDOW, null, null, 2.5, 1000.0, 100.0, 600.0, 0, 1, 0.002, List.of("a note"));
    FaultVerdict verdict = FaultVerdict.judge("db-down", neverDetected, 0, 0, LIMITS);
    ServiceLogCheck.LoggedFault logged =
        new ServiceLogCheck.LoggedFault(true, "transient", 1_000_500L, "line", 3, "line");

    FaultEntry entry =
        FaultEntry.of("db-down", neverDetected, 0, 0, Map.of("business-rule", 2L), verdict, logged);
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(entry));

    assertThat(json.get("id").asText()).isEqualTo("db-down");
    assertThat(json.get("injectedAt").asLong()).isEqualTo(1_000_000);
    assertThat(json.get("healedAt").asLong()).isEqualTo(1_010_000);
    assertThat(json.has("detectSeconds")).isTrue();
    assertThat(json.get("detectSeconds").isNull()).isTrue();
    assertThat(json.get("recoverySeconds").asDouble()).isEqualTo(2.5);
    assertThat(json.get("verdict").asText()).isEqualTo("PASS");
    assertThat(json.get("messages").get("deadLettered").get("business-rule").asLong()).isEqualTo(2);
    assertThat(json.get("errors").get("outside").asLong()).isEqualTo(1);
    assertThat(json.get("serviceLog").get("errorClass").asText()).isEqualTo("transient");
    assertThat(json.get("assertions")).hasSize(4);
    assertThat(json.get("notes").get(0).asText()).isEqualTo("a note");
    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .startsWith(
            "id", "injectedAt", "healedAt", "detectSeconds", "detectedBy", "recoverySeconds");
  }
}
