package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dsut=kafka-connect-jdbc} on real parts: the embedded broker and PostgreSQL, a Kafka
 * Connect standalone worker running Debezium's JDBC sink. Lab-shaped JSON goes in, rows come out;
 * the worker is SIGKILLed with messages in flight and restarted through the stack's restart path
 * (what {@code service-crash} does), and every id must be in the table afterwards.
 */
class KafkaConnectSutIT {
  private static final String TABLE = "public." + ConnectSinkConfig.DEFAULT_TABLE;

  @Test
  void sinkWritesEveryMessageAndSurvivesASigkillOfTheWorker() throws Exception {
    StackConfig config =
        StackConfig.defaults()
            .withRunDir(Path.of("target/it-runs/KafkaConnectSutIT"))
            .withSut(Sut.KAFKA_CONNECT_JDBC, Map.of("connect.insertMode", "upsert"));
    long t0 = System.nanoTime();
    List<Long> pids = new ArrayList<>();
    try (EmbeddedStack stack = EmbeddedStack.start(config);
        KafkaProducer<String, byte[]> producer = producer(stack.kafkaBootstrap())) {
      System.out.printf("[it] stack with Kafka Connect up in %.1f s%n", seconds(t0));
      KafkaConnectWorker worker = stack.connectWorker().orElseThrow();
      assertThat(stack.sut()).isSameAs(worker);
      assertThat(stack.httpUrl()).as("no HTTP ingress for this SUT").isNull();
      assertThat(stack.service().isRunning()).isFalse();
      assertThat(stack.jmxAddress()).as("CPU and heap of the worker").contains(worker.jmxAddress());
      String topic = stack.topics().input();
      Set<String> sent = new HashSet<>();

      sent.addAll(produce(producer, topic, 1000));
      await("first 1000 rows")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ids(stack).containsAll(sent));
      await("group " + worker.config().consumerGroup() + " committed 1000")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> committed(stack, worker.config().consumerGroup()) == 1000);
      System.out.printf("[it] 1000 rows and committed offsets at %.1f s%n", seconds(t0));

      // messages in flight when the worker dies: some written, offsets not yet committed
      sent.addAll(produce(producer, topic, 500));
      long before = worker.pid();
      pids.add(before);
      stack.sut().kill();
      assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      long restartT0 = System.nanoTime();
      stack.sut().start();
      System.out.printf("[it] worker restarted (RUNNING) in %.1f s%n", seconds(restartT0));
      assertThat(worker.pid()).isPositive().isNotEqualTo(before);
      pids.add(worker.pid());

      sent.addAll(produce(producer, topic, 500));
      await("all 2000 rows")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ids(stack).containsAll(sent));
      long rows = count(stack, "SELECT count(*) FROM " + TABLE);
      long distinct = count(stack, "SELECT count(DISTINCT id) FROM " + TABLE);
      System.out.printf(
          "[it] sent %d, rows %d, distinct ids %d, duplicate rows %d, at %.1f s%n",
          sent.size(), rows, distinct, rows - distinct, seconds(t0));
      assertThat(distinct).isEqualTo(sent.size());
      assertThat(rows).as("id is the primary key: no duplicate rows").isEqualTo(distinct);
      assertThat(count(stack, "SELECT count(*) FROM " + TABLE + " WHERE amount IS NULL"))
          .as("the JSON fields are columns")
          .isZero();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("worker pid %d after close", pid)
          .isFalse();
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Lab-shaped messages (simulations-data/message.json), id also in header message-id. */
  private static List<String> produce(KafkaProducer<String, byte[]> producer, String topic, int n)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      String customer = "customer-" + (i % 37);
      String json =
          "{\"id\":\""
              + id
              + "\",\"customer\":\""
              + customer
              + "\",\"amount\":"
              + (i % 500) / 4.0
              + ",\"currency\":\"EUR\",\"createdAt\":\"2026-12-02T10:00:00Z\",\"note\":\"xxxx\"}";
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topic, customer, json.getBytes(StandardCharsets.UTF_8));
      record.headers().add("message-id", id.getBytes(StandardCharsets.UTF_8));
      producer.send(record);
      ids.add(id);
    }
    producer.flush();
    return ids;
  }

  private static Set<String> ids(EmbeddedStack stack) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection c = connect(stack);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM " + TABLE)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static long count(EmbeddedStack stack, String sql) throws SQLException {
    try (Connection c = connect(stack);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection connect(EmbeddedStack stack) throws SQLException {
    return DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
  }

  private static long committed(EmbeddedStack stack, String group) throws Exception {
    try (Admin admin = Admin.create(TopicCreator.adminProperties(stack.kafkaBootstrap()))) {
      Map<?, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.values().stream().filter(o -> o != null).mapToLong(o -> o.offset()).sum();
    }
  }
}
