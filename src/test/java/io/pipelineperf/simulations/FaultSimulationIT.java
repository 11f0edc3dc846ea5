package io.pipelineperf.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link FaultSimulation} as a user runs it (a real Gatling run in this JVM, its own embedded stack
 * each time), proving each loss or duplicate verdict on a planted defect of the service: the defect
 * makes the fault run fail with the defect's signature, the same fault without the defect passes.
 * Short phases keep each run near a minute: warm-up 3 s and ramp 2 s (before the 10 s pre-fault
 * baseline, which is what recovery is judged against), fault at 10 s, settle 25 s (a recovery up to
 * the 20 s limit plus 3 s of health fits, with 2 s to spare: the service's restart alone took 13-21
 * s on a busy 2-core machine). A run whose defect loses messages also waits at most 30 s (a load
 * run's default) for each outcome instead of the fault run's hold + settle + 30 s: those outcomes
 * never come, and the reconciliation against PostgreSQL, not the wait, counts them lost.
 */
// alone: recovery times and throughput are judged; its system properties configure the runs
@Isolated
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
class FaultSimulationIT {

  private static final Path RESULTS = Path.of("target", "it-fault-runs").toAbsolutePath();

  /** What one run left: Gatling's exit status and its summary.json. */
  record Run(int status, JsonNode summary) {
    JsonNode fault(int i) {
      return summary.path("faults").get(i);
    }

    long lost() {
      return summary.path("messages").path("lost").asLong();
    }

    long duplicated() {
      return summary.path("messages").path("duplicated").asLong();
    }
  }

  private static Run run(String faults, String defect, Map<String, String> more)
      throws IOException {
    Map<String, String> props = new HashMap<>();
    props.put("fault", faults);
    props.put("rate", "500"); // headroom on 2 shared cores: the backlog after a fault drains fast
    props.put("warmup", "3");
    props.put("ramp", "2");
    props.put("fault.at", "10");
    props.put("fault.hold", "6");
    props.put("fault.settle", "25");
    props.put("assert.maxRecoverySeconds", "20");
    if (defect != null) {
      props.put("service.defect", defect);
    }
    props.putAll(more);
    GatlingRun run = GatlingRun.of(FaultSimulation.class, RESULTS, props);
    System.out.printf(
        "[fault-sim-it] %s defect=%s: status %d, lost %d, duplicated %d, faults %s%n",
        faults,
        defect,
        run.status(),
        run.summary().path("messages").path("lost").asLong(),
        run.summary().path("messages").path("duplicated").asLong(),
        run.summary().path("faults"));
    return new Run(run.status(), run.summary());
  }

  private static void assertHandled(Run run, int faults) {
    assertThat(run.lost()).as("lost").isZero();
    assertThat(run.duplicated()).as("duplicated").isZero();
    for (int i = 0; i < faults; i++) {
      JsonNode f = run.fault(i);
      assertThat(f.path("verdict").asText()).as(f.path("id") + " verdict " + f).isEqualTo("PASS");
      assertThat(f.path("recoverySeconds").isNumber()).isTrue();
      assertThat(f.path("inFlight").path("atEnd").asLong()).isZero();
    }
    assertThat(run.summary().path("passed").asBoolean()).isTrue();
    assertThat(run.status()).as("Gatling exit status").isZero();
  }

  private static void assertFailedOn(Run run, String check) {
    assertThat(run.summary().path("passed").asBoolean()).isFalse();
    assertThat(run.status()).as("Gatling exit status").isNotZero();
    assertThat(run.fault(0).path("verdict").asText()).isEqualTo("FAIL");
    assertThat(run.fault(0).path("reasons").toString()).contains(check);
  }

  // A SIGKILL only loses a commit-before-write batch that was polled but not yet written; the slow
  // procedure (db-slow, 3 s before the crash) keeps every batch in its write for seconds, so the
  // kill always lands there.
  private static final String CRASH_MID_WRITE = "db-slow,service-crash";
  private static final Map<String, String> ONCE_WRITES_ARE_SLOW = Map.of("fault.stagger", "3");

  // a defect run that loses messages: no waiting a whole fault run's e2e timeout for them
  private static final String LOSSY_E2E_TIMEOUT = "30";

  @Test
  void serviceCrashMidWriteLosesNothing() throws Exception {
    assertHandled(run(CRASH_MID_WRITE, null, ONCE_WRITES_ARE_SLOW), 2);
  }

  @Test
  void serviceCrashWithCommitBeforeWriteIsReportedAsLoss() throws Exception {
    Run run =
        run(
            CRASH_MID_WRITE,
            "commit-before-write",
            Map.of("fault.stagger", "3", "e2eTimeout", LOSSY_E2E_TIMEOUT));

    assertThat(run.lost()).as("lost").isPositive();
    assertFailedOn(run, "lost messages <= 0 failed");
    assertThat(run.summary().path("lostSample").size()).isPositive();
  }

  // Extended (not in CI: a second proof of the loss oracle, which commit-before-write already
  // proves; DatabaseOutageIT shows the outage costs nothing): mvn verify -Dit.excludedGroups=none
  @Tag("extended")
  @Test
  void dbDownLosesNothing() throws Exception {
    assertHandled(run("db-down", null, Map.of()), 1);
  }

  @Tag("extended")
  @Test
  void dbDownWithNoRetryIsReportedAsLoss() throws Exception {
    Run run = run("db-down", "no-retry", Map.of("e2eTimeout", LOSSY_E2E_TIMEOUT));

    assertThat(run.lost()).as("lost").isPositive();
    assertFailedOn(run, "lost messages <= 0 failed");
    assertThat(run.fault(0).path("inFlight").path("atEnd").asLong()).isPositive();
  }

  // Cut from the broker (3 s after db-slow, so every batch is in its slow write) for longer than
  // the
  // session timeout (10 s): the writes finish, the commits fail (the members were evicted), the
  // batches are redelivered. Idempotent writes skip them; without the guard they are written twice.
  private static final String REDELIVERY = "db-slow,broker-partition";
  private static final Map<String, String> LONGER_THAN_SESSION =
      Map.of("fault.hold", "16", "fault.stagger", "3");

  // Extended (not in CI): the duplicate oracle is proven on a real redelivery with and without
  // no-idempotency by PipelineVerdictIT; this pair shows it again through a whole fault run
  @Tag("extended")
  @Test
  void redeliveryAfterAPartitionWritesNothingTwice() throws Exception {
    assertHandled(run(REDELIVERY, null, LONGER_THAN_SESSION), 2);
  }

  @Tag("extended")
  @Test
  void redeliveryWithNoIdempotencyIsReportedAsDuplicates() throws Exception {
    Run run = run(REDELIVERY, "no-idempotency", LONGER_THAN_SESSION);

    assertThat(run.duplicated()).as("duplicated").isPositive();
    assertFailedOn(run, "duplicated messages <= 0 failed");
    assertThat(run.summary().path("duplicatedSample").size()).isPositive();
  }
}
