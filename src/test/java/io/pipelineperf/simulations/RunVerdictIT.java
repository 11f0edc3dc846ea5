package io.pipelineperf.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.analysis.JUnitReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The run's verdict as a user meets it, on real Gatling runs against their own embedded stacks: a
 * run whose every message is dead-lettered FAILS (it processed nothing), and a load generator
 * stalled by a planted defect makes the run INVALID, while the same run without the defect is not.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
@Isolated // a Gatling run in this JVM (system properties), judged on its timing
class RunVerdictIT {

  private static final Path RESULTS = Path.of("target", "it-verdict-runs").toAbsolutePath();

  /** A short ack-only run: no service, 600 msg/s for 6 s after 5 s of warm-up (JIT). */
  private static Map<String, String> ackOnly() {
    return Map.of("rate", "600", "warmup", "5", "duration", "6");
  }

  @Test
  void aRunWhoseEveryMessageIsDeadLetteredFails() throws IOException {
    // 70 000-byte messages are over the service's 64 KiB limit: every one is dead-lettered.
    GatlingRun run =
        GatlingRun.of(
            LoadSimulation.class,
            RESULTS,
            Map.of("rate", "50", "warmup", "2", "duration", "5", "messageBytes", "70000"));

    assertThat(run.status()).as("Gatling exit status").isNotZero();
    // FAIL, or INVALID should this machine be too busy to keep the schedule: never PASS
    assertThat(run.verdict()).isIn("FAIL", "INVALID");
    assertThat(run.assertion("messages processed > 0").path("passed").asBoolean()).isFalse();
    assertThat(run.summary().path("messages").path("processed").asLong()).isZero();
    assertThat(run.summary().path("messages").path("deadLettered").asLong()).isPositive();
    assertThat(run.summary().path("errors").path("deadLettered").asLong()).isPositive();
    assertThat(run.summary().path("errors").path("rate").asDouble()).isEqualTo(100.0);
    assertThat(run.summary().path("assertions").toString()).contains("messages processed > 0");
    // the true negative of the slow watcher below: 50 outcomes a second are easily kept up with
    assertThat(run.assertion(WATCHER_KEPT_UP).path("passed").asBoolean()).isTrue();
    String junit = Files.readString(run.folder().resolve(JUnitReport.FILE_NAME));
    assertThat(junit).contains("<failure").contains("messages processed &gt; 0");
  }

  private static final String WATCHER_KEPT_UP = "outcome watcher kept up: lag p99 < 50 ms";

  /**
   * Both planted injector defects in one run (CI time): each is caught by its own check, named in
   * its own reason. The true negatives: the run above (the watcher keeps up at 50 msg/s) and the
   * one below (no stall, on schedule).
   */
  @Test
  void aStalledSenderAndASlowWatcherMakeTheRunInvalidNotPassOrFail() throws IOException {
    // the watcher spends 2 ms per outcome: it takes under 500 outcomes a second of the 600 offered
    GatlingRun run =
        GatlingRun.of(
            LoadSimulation.class,
            RESULTS,
            Map.of(
                "rate", "600",
                "warmup", "2",
                "duration", "6",
                "injector.defect", "slow-sender,slow-watcher",
                "injector.watcherStallMs", "2"));

    assertThat(run.status()).as("Gatling exit status").isNotZero();
    assertThat(run.verdict()).isEqualTo("INVALID");
    assertThat(run.summary().path("passed").asBoolean()).isFalse();
    assertThat(run.assertion(WATCHER_KEPT_UP).path("passed").asBoolean()).isFalse();
    assertThat(run.summary().path("invalidReasons").toString())
        .contains("the load generator fell behind by p99")
        .contains("the outcome watcher fell behind by p99")
        .contains("the result says nothing about the system under test");
    String junit = Files.readString(run.folder().resolve(JUnitReport.FILE_NAME));
    assertThat(junit).contains("<error").contains("INVALID");
  }

  @Test
  void theSameRunWithoutTheStallIsValid() throws IOException {
    GatlingRun run = GatlingRun.of(AckOnlySimulation.class, RESULTS, ackOnly());

    assertThat(run.verdict()).isNotEqualTo("INVALID");
    assertThat(run.summary().path("invalidReasons").size()).isZero();
    assertThat(run.summary().path("latencyMs").path("schedulingDelay").path("p99").asDouble())
        .isLessThan(25);
  }
}
