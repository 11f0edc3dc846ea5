package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Verdicts on the reference service under faults, with a plain KafkaProducer as load and JDBC row
 * counts per message id as the oracle. One stack for the class; each test uses its own ids and
 * leaves the service running without defects.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineVerdictIT {
  private static final int COUNT = 2000;
  private static final int RATE = 250; // msgs/s: the load lasts 8 s
  private static final Duration WAIT = Duration.ofSeconds(180);
  // acknowledged messages that pile up beyond the written ones before a kill (0.4 s of the load)
  private static final int IN_FLIGHT = 100;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static EmbeddedStack stack;
  private static PipelineProbe probe;

  @BeforeAll
  static void startStack() {
    stack =
        EmbeddedStack.start(
            StackConfig.defaults().withRunDir(Path.of("target/it-runs/PipelineVerdictIT")));
    probe = new PipelineProbe(stack);
  }

  @AfterAll
  static void stopStack() {
    if (probe != null) {
      probe.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void serviceRunsWithoutDefects() {
    if (!stack.postgres().isRunning()) {
      stack.postgres().start();
    }
    if (!stack.service().isRunning() || !stack.service().serviceProperties().isEmpty()) {
      stack.service().restartWith(Map.of());
    }
  }

  private static PipelineLoad load() {
    return PipelineLoad.start(stack.kafkaBootstrap(), stack.topics().input(), COUNT, RATE);
  }

  private static List<UUID> acked(PipelineLoad load) throws Exception {
    List<UUID> ids = load.acked(Duration.ofSeconds(120));
    assertThat(ids).as("messages acknowledged by Kafka").hasSize(COUNT);
    return ids;
  }

  private static void assertExactlyOnce(List<UUID> ids) throws Exception {
    Map<UUID, Long> counts = probe.awaitAllWritten(ids, WAIT);
    probe.awaitDrained(WAIT);
    counts = probe.rowCounts(ids);
    assertThat(PipelineProbe.lost(ids, counts)).as("lost").isZero();
    assertThat(PipelineProbe.duplicated(counts)).as("duplicated").isZero();
  }

  /**
   * The kill was mid-load with messages in flight: the service had written part of this load before
   * it, some messages acknowledged before it were not processed by {@code by}, and the load went on
   * afterwards.
   */
  private static void assertInFlightAt(KillMoment kill, Instant by, List<UUID> ids) {
    Map<UUID, Instant> first = probe.firstWrittenAt(ids);
    long written = kill.writtenBefore(first);
    long inFlight = kill.notWrittenBy(by, first);
    long after = kill.ackedAfter(ids);
    System.out.printf(
        "[verdict] at the kill: %d acknowledged, %d of the load written before, %d acknowledged"
            + " but not processed, %d acknowledged after%n",
        kill.ackedBefore().size(), written, inFlight, after);
    assertThat(written).as("messages of this load written before the kill").isPositive();
    assertThat(inFlight).as("messages acknowledged but not processed at the kill").isPositive();
    assertThat(after).as("messages acknowledged after the kill").isPositive();
  }

  /**
   * Pauses PostgreSQL once the service writes this load, then waits until at least {@link
   * #IN_FLIGHT} more messages are acknowledged than were written (nothing commits meanwhile) and,
   * with {@code commitWhilePaused}, until the group commits offsets while the database is paused,
   * which only a service that commits before it writes does: those batches cannot be written before
   * the kill. The caller kills and resumes; on a failure here the database is resumed.
   */
  private static void pauseDatabaseWithMessagesInFlight(
      PipelineLoad load, boolean commitWhilePaused) throws Exception {
    Set<UUID> written = probe.awaitAckedBeyondWritten(load, 1, Duration.ofSeconds(60));
    stack.postgres().pause();
    try {
      long committedAtPause = probe.committedOffsets();
      await("acknowledged while the database is paused")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> load.ackedSoFar().size() - written.size() >= IN_FLIGHT);
      if (commitWhilePaused) {
        await("offsets committed while the database is paused")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> probe.committedOffsets() > committedAtPause);
      }
    } catch (Exception | AssertionError e) {
      stack.postgres().resume();
      throw e;
    }
  }

  @Test
  @Order(1)
  void databaseKilledMidLoadAndRestartedLosesAndDuplicatesNothing() throws Exception {
    PipelineLoad load = load();
    KillMoment kill;
    pauseDatabaseWithMessagesInFlight(load, false);
    try {
      kill = KillMoment.of(load, stack.postgres()::kill);
    } finally {
      if (stack.postgres().isRunning()) {
        stack.postgres().resume();
      }
    }
    int ackedAtKill = kill.ackedBefore().size();
    await("the service reports the outage and the load goes on")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> readyStatus() != 200 && load.ackedSoFar().size() >= ackedAtKill + RATE);
    stack.postgres().start();
    List<UUID> ids = acked(load);
    assertExactlyOnce(ids);
    assertInFlightAt(kill, kill.after(), ids);
  }

  /**
   * Kill while a batch is in flight: once the service is writing this load (its consumers may still
   * be joining the group after a restart), PostgreSQL is paused so a batch is stuck in its write
   * (see {@link #pauseDatabaseWithMessagesInFlight}); then the service is restarted without
   * defects.
   */
  private static KillMoment killServiceWithBatchInFlight(
      PipelineLoad load, boolean commitsBeforeWrite) throws Exception {
    KillMoment kill;
    pauseDatabaseWithMessagesInFlight(load, commitsBeforeWrite);
    try {
      kill = KillMoment.of(load, stack.service()::kill);
    } finally {
      stack.postgres().resume();
    }
    stack.service().restartWith(Map.of());
    return kill;
  }

  @Test
  @Order(2)
  void serviceKilledMidLoadLosesNothing() throws Exception {
    PipelineLoad load = load();
    KillMoment kill = killServiceWithBatchInFlight(load, false);
    List<UUID> ids = acked(load);
    assertExactlyOnce(ids);
    assertInFlightAt(kill, kill.after(), ids);
  }

  @Test
  @Order(3)
  void commitBeforeWriteDefectLosesMessagesWhenKilled() throws Exception {
    // one consumer per partition: a commit while the database is paused needs a consumer that is
    // not itself stuck in a write at the pause; with three, all were at times (a busy machine)
    stack.service().restartWith(Map.of("defect", "commit-before-write", "consumer.threads", "6"));
    PipelineLoad load = load();
    KillMoment kill = killServiceWithBatchInFlight(load, true);
    List<UUID> ids = acked(load);
    probe.awaitDrained(WAIT);
    Map<UUID, Long> counts = probe.rowCounts(ids);
    long lost = PipelineProbe.lost(ids, counts);
    System.out.println("[verdict] commit-before-write: lost " + lost + " of " + ids.size());
    assertThat(lost).as("lost with commit-before-write").isPositive();
    assertThat(kill.writtenBefore(probe.firstWrittenAt(ids)))
        .as("messages of this load written before the kill")
        .isPositive();
  }

  /**
   * SIGTERM while a batch is stuck in its write: PostgreSQL is paused until {@link #IN_FLIGHT}
   * messages are acknowledged and not written (a running service keeps up so well that only a few
   * are ever in flight by themselves), the signal is sent, then the database resumes and the
   * graceful shutdown must finish or abandon the batch without losing it, and exit 0.
   */
  @Test
  @Order(4)
  void sigtermMidLoadExitsZeroAndLosesAndDuplicatesNothing() throws Exception {
    PipelineLoad load = load();
    pauseDatabaseWithMessagesInFlight(load, false);
    KillMoment stop;
    try {
      long pid = stack.service().pid();
      stop =
          KillMoment.of(
              load,
              () ->
                  assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroy))
                      .as("SIGTERM sent to the service (pid " + pid + ")")
                      .hasValue(true));
    } finally {
      stack.postgres().resume();
    }
    assertThat(stack.service().stopAndGetExitCode()).as("exit code after SIGTERM").hasValue(0);
    stack.service().start();
    List<UUID> ids = acked(load);
    assertExactlyOnce(ids);
    assertInFlightAt(stop, stop.before(), ids);
  }

  /** The service's GET /ready status, or -1 if it does not answer within 2 s. */
  private static int readyStatus() {
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/ready"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Test
  @Order(5)
  void redeliveryWritesNoDuplicatesButNoIdempotencyDefectDoes() throws Exception {
    List<UUID> ids = acked(load());
    assertExactlyOnce(ids);

    stack.service().stop();
    probe.resetGroupToEarliest();
    assertThat(probe.lag()).as("lag after reset").isPositive();
    stack.service().start();
    probe.awaitDrained(WAIT);
    assertThat(PipelineProbe.duplicated(probe.rowCounts(ids))).as("duplicated").isZero();

    stack.service().stop();
    probe.resetGroupToEarliest();
    stack.service().restartWith(Map.of("defect", "no-idempotency"));
    probe.awaitDrained(WAIT);
    long duplicated = PipelineProbe.duplicated(probe.rowCounts(ids));
    System.out.println("[verdict] no-idempotency: duplicated " + duplicated + " of " + ids.size());
    assertThat(duplicated).as("duplicated with no-idempotency").isPositive();
  }
}
