package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INVALID beats FAIL beats PASS; the injector checks fire on their limits; the JUnit report. */
class VerdictTest {

  private static final InjectorLimits LIMITS = InjectorLimits.defaults();

  @Test
  void anOnScheduleInjectorIsValid() {
    List<AssertionResult> checks = InjectorValidity.evaluate(2.1, 3.0, 12.0, LIMITS);

    assertThat(checks).hasSize(3).allMatch(AssertionResult::passed);
    assertThat(Verdict.of(checks)).isEqualTo(Verdict.PASS);
  }

  @Test
  void aLateInjectorMakesTheRunInvalidEvenWhenAChecksFails() {
    List<AssertionResult> results =
        List.of(
            new AssertionResult("e2e p95 < 100 ms", false, 655.0, 100),
            InjectorValidity.evaluate(43.0, null, null, LIMITS).get(0));

    assertThat(Verdict.of(results)).isEqualTo(Verdict.INVALID);
    assertThat(InjectorValidity.reason(results.get(1)))
        .isEqualTo(
            "the load generator fell behind by p99 43 ms (limit 25): the result says nothing about"
                + " the system under test");
  }

  @Test
  void eachInjectorLimitFiresOnItsOwn() {
    assertThat(InjectorValidity.evaluate(25.0, null, null, LIMITS).get(0).passed()).isFalse();
    assertThat(InjectorValidity.evaluate(1.0, 50.0, null, LIMITS).get(1).passed()).isFalse();
    assertThat(InjectorValidity.evaluate(1.0, null, 95.0, LIMITS).get(1).passed()).isFalse();
    assertThat(InjectorValidity.evaluate(null, null, null, LIMITS).get(0).passed())
        .as("an unmeasured schedule is not a kept one")
        .isFalse();
  }

  @Test
  void aFailedCheckWithoutValidityProblemsFails() {
    assertThat(Verdict.of(List.of(new AssertionResult("lost messages <= 0", false, 3.0, 0))))
        .isEqualTo(Verdict.FAIL);
  }

  @Test
  void theJUnitReportHasAFailureForAFailedCheckAndAnErrorForAnInvalidRun(@TempDir Path dir)
      throws Exception {
    List<AssertionResult> results =
        List.of(
            new AssertionResult("e2e p95 < 100 ms", true, 12.5, 100),
            new AssertionResult("lost messages <= 0", false, 3.0, 0),
            InjectorValidity.evaluate(43.0, null, null, LIMITS).get(0));

    String xml = Files.readString(JUnitReport.write(dir, "LoadSimulation", results));

    assertThat(xml)
        .contains("<testsuite name=\"LoadSimulation\" tests=\"3\" failures=\"1\" errors=\"1\"")
        .contains("<failure message=\"lost messages &lt;= 0: actual 3, threshold 0\"")
        .contains("<error message=\"INVALID: the load generator fell behind by p99 43 ms");
  }
}
