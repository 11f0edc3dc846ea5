package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  private static CompletableFuture<List<UUID>> load() {
    return PipelineLoad.send(stack.kafkaBootstrap(), stack.topics().input(), COUNT, RATE);
  }

  private static List<UUID> acked(CompletableFuture<List<UUID>> load) throws Exception {
    List<UUID> ids = load.get(120, TimeUnit.SECONDS);
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

  @Test
  @Order(1)
  void databaseKilledMidLoadAndRestartedLosesAndDuplicatesNothing() throws Exception {
    CompletableFuture<List<UUID>> load = load();
    Thread.sleep(2500);
    stack.postgres().kill();
    Thread.sleep(5000); // the outage
    stack.postgres().start();
    assertExactlyOnce(acked(load));
  }

  /**
   * Kill while a batch is in flight: once the service is writing this load (its consumers may still
   * be joining the group after a restart), PostgreSQL is paused so a batch is stuck in its write.
   */
  private static List<UUID> killServiceWithBatchInFlight() throws Exception {
    long before = probe.totalRows();
    CompletableFuture<List<UUID>> load = load();
    probe.awaitWritingBeyond(before, Duration.ofSeconds(60));
    stack.postgres().pause();
    try {
      Thread.sleep(2000);
      stack.service().kill();
    } finally {
      stack.postgres().resume();
    }
    stack.service().restartWith(Map.of());
    return acked(load);
  }

  @Test
  @Order(2)
  void serviceKilledMidLoadLosesNothing() throws Exception {
    assertExactlyOnce(killServiceWithBatchInFlight());
  }

  @Test
  @Order(3)
  void commitBeforeWriteDefectLosesMessagesWhenKilled() throws Exception {
    stack.service().restartWith(Map.of("defect", "commit-before-write"));
    List<UUID> ids = killServiceWithBatchInFlight();
    probe.awaitDrained(WAIT);
    Map<UUID, Long> counts = probe.rowCounts(ids);
    long lost = PipelineProbe.lost(ids, counts);
    System.out.println("[verdict] commit-before-write: lost " + lost + " of " + ids.size());
    assertThat(lost).as("lost with commit-before-write").isPositive();
  }

  @Test
  @Order(4)
  void sigtermMidLoadExitsZeroAndLosesAndDuplicatesNothing() throws Exception {
    CompletableFuture<List<UUID>> load = load();
    Thread.sleep(3000);
    OptionalInt exit = stack.service().stopAndGetExitCode();
    assertThat(exit).as("exit code after SIGTERM").hasValue(0);
    stack.service().start();
    assertExactlyOnce(acked(load));
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
