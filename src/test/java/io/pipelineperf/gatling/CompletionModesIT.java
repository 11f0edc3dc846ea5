package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.stack.PostgresServer;
import io.pipelineperf.verify.Ledger;
import io.pipelineperf.verify.Ledger.Mark;
import io.pipelineperf.verify.ReconcileQuery;
import io.pipelineperf.verify.Reconciler;
import io.pipelineperf.verify.Reconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The difference between the completion modes, on a pipeline the lab knows nothing about: a plain
 * kafka-clients consumer (its own group, its own table, no outcome events) that commits its offsets
 * BEFORE it writes and "crashes" between the two for some messages. Completion by committed offsets
 * calls every message processed; completion by database rows does not complete the unwritten ones,
 * and the reconciliation of the offsets run's ledger reports them lost.
 */
class CompletionModesIT {

  private static final String TOPIC = "foreign.orders";
  private static final String GROUP = "foreign-sink";
  private static final String TABLE = "foreign_sink.orders";
  private static final Set<String> NEVER_WRITTEN = Set.of("order-7", "order-13");

  private static Path dir;
  private static TestBroker broker;
  private static PostgresServer pg;
  private static DbLogin login;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(CompletionModesIT.class);
    broker.createTopic(TOPIC, 2);
    dir = Files.createTempDirectory("completion-modes-it");
    pg =
        new PostgresServer(dir.resolve("data"), Path.of("target/it-logs/CompletionModesIT/pg.log"));
    pg.start();
    login = new DbLogin(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      s.execute("create schema foreign_sink");
      s.execute(
          "create table "
              + TABLE
              + "(seq bigint generated always as identity primary key, order_ref text not null)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (pg != null) {
        pg.destroy();
      }
    } finally {
      try {
        if (broker != null) {
          broker.close();
        }
      } finally {
        Files.deleteIfExists(dir);
      }
    }
  }

  @Test
  void offsetsCallACommitBeforeWriteProcessedWhileTheRowsShowItLost() throws Exception {
    Ledger offsetsLedger = new Ledger();
    OutcomeTracker byOffsets =
        new OutcomeTracker(offsetsLedger, new RunMetrics(), Duration.ofSeconds(60));
    Ledger rowsLedger = new Ledger();
    OutcomeTracker byRows =
        new OutcomeTracker(rowsLedger, new RunMetrics(), Duration.ofSeconds(60));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger consumed = new AtomicInteger();
    Thread sink = new Thread(() -> commitBeforeWrite(running, consumed), "foreign-sink");
    List<String> ids = IntStream.range(0, 20).mapToObj(i -> "order-" + i).toList();
    try (CommittedOffsetsWatcher offsets =
            new CommittedOffsetsWatcher(
                broker.bootstrap(), TOPIC, GROUP, Duration.ofMillis(20), byOffsets::onOutcome);
        DbCompletionWatcher rows =
            new DbCompletionWatcher(
                login,
                new DbCompletionSettings(TABLE, "order_ref", "seq", Duration.ofSeconds(5), 10_000),
                Duration.ofMillis(20),
                byRows::onOutcome);
        KafkaProducer<String, String> producer = producer()) {
      byOffsets.onLanded(offsets::acked);
      sink.start();
      for (String id : ids) {
        Slot slot = new Slot(EpochNanos.now(), Phase.MEASURED, 0);
        Pending a = new Pending(id, "send", slot, null, null);
        Pending b = new Pending(id, "send", slot, null, null);
        assertThat(byOffsets.register(a)).isTrue();
        assertThat(byRows.register(b)).isTrue();
        RecordMetadata at = producer.send(new ProducerRecord<>(TOPIC, id, id)).get();
        byOffsets.acked(id, slot, 1_000_000, at.topic(), at.partition(), at.offset());
        byRows.acked(id, slot, 1_000_000);
      }

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ids.stream().allMatch(id -> offsetsLedger.has(id, Mark.PROCESSED)));
      List<String> written = ids.stream().filter(id -> !NEVER_WRITTEN.contains(id)).toList();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> written.stream().allMatch(id -> rowsLedger.has(id, Mark.PROCESSED)));
      // the unwritten ones stay unprocessed by rows: checked after more polls than it took
      long pollsThen = rows.polls();
      await().atMost(Duration.ofSeconds(10)).until(() -> rows.polls() >= pollsThen + 5);
      assertThat(NEVER_WRITTEN).noneMatch(id -> rowsLedger.has(id, Mark.PROCESSED));
      assertThat(byRows.outstanding()).isEqualTo(NEVER_WRITTEN.size());
      assertThat(byOffsets.outstanding())
          .as("offsets: every message consumed and committed")
          .isZero();

      Reconciliation reconciled =
          new Reconciler(
                  login.url(),
                  login.user(),
                  login.password(),
                  ReconcileQuery.ofQuery("select order_ref from " + TABLE))
              .reconcile(offsetsLedger);
      assertThat(reconciled.checked()).isEqualTo(ids.size());
      assertThat(reconciled.lost()).isEqualTo(NEVER_WRITTEN.size());
      assertThat(reconciled.duplicated()).isZero();
      assertThat(NEVER_WRITTEN).allMatch(id -> offsetsLedger.has(id, Mark.LOST));
    } finally {
      running.set(false);
      sink.join(10_000);
      byOffsets.close();
      byRows.close();
    }
    assertThat(consumed.get()).isEqualTo(ids.size());
  }

  /** The planted defect: the offset is committed first, the row written after (or never). */
  private static void commitBeforeWrite(AtomicBoolean running, AtomicInteger consumed) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        Connection c = login.connect();
        PreparedStatement insert =
            c.prepareStatement("insert into " + TABLE + "(order_ref) values (?)")) {
      consumer.subscribe(List.of(TOPIC));
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (running.get() && System.nanoTime() < until) {
        var records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        consumer.commitSync();
        for (ConsumerRecord<String, String> r : records) {
          consumed.incrementAndGet();
          if (!NEVER_WRITTEN.contains(r.value())) {
            insert.setString(1, r.value());
            insert.executeUpdate();
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("the foreign sink failed", e);
    }
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName()));
  }
}
