package io.pipelineperf.faults.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.service.PipelineService;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database faults against the real reference service (embedded stack): the service meets the
 * fault's SQLSTATE, retries, and every message ends up in the ledger exactly once after heal.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DatabaseFaultsServiceIT {
  static {
    System.setProperty("logback.configurationFile", PipelineService.LOGBACK_CONFIG);
  }

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int CUSTOMERS = 17;

  @Test
  void deadlocksAndPoolExhaustionAreSeenByTheServiceAndHealed() throws Exception {
    try (EmbeddedStack stack =
            EmbeddedStack.start(
                StackConfig.defaults()
                    .withRunDir(Path.of("target", "it-runs", "DatabaseFaultsServiceIT"))
                    .withServiceProperty("consumer.maxPollRecords", "50"));
        KafkaProducer<String, String> producer = producer(stack)) {
      PostgresAdmin admin = new PostgresAdmin(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
      List<UUID> warm = send(producer, stack, 100);
      awaitLedgerExactlyOnce(stack, warm); // customer rows exist before the bait is chosen

      DeadlockFault deadlock =
          new DeadlockFault(admin, PostgresAdmin.SERVICE_APPLICATION_NAME, WAIT);
      List<UUID> duringDeadlocks = new ArrayList<>();
      try {
        deadlock.inject();
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  duringDeadlocks.addAll(send(producer, stack, 200));
                  return deadlock.deadlocks() >= 2;
                });
      } finally {
        deadlock.heal();
      }
      assertThat(metrics(stack)).contains("class=\"transient\",sqlstate=\"40P01\"");
      awaitLedgerExactlyOnce(stack, duringDeadlocks);

      PoolExhaustionFault exhaustion =
          new PoolExhaustionFault(admin, PostgresAdmin.SERVICE_APPLICATION_NAME, WAIT);
      List<UUID> duringExhaustion;
      try {
        exhaustion.inject();
        duringExhaustion = send(producer, stack, 200);
        await().atMost(WAIT).until(() -> exhaustion.terminated() >= 1);
        await()
            .atMost(WAIT)
            .until(() -> metrics(stack).matches("(?s).*class=\"transient\",sqlstate=\"53300\".*"));
      } finally {
        exhaustion.heal();
      }
      awaitLedgerExactlyOnce(stack, duringExhaustion);
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedStack stack) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(p);
  }

  private static List<UUID> send(KafkaProducer<String, String> producer, EmbeddedStack stack, int n)
      throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      String customer = "C-" + (i % CUSTOMERS);
      String json =
          "{\"id\":\""
              + id
              + "\",\"customer\":\""
              + customer
              + "\",\"amount\":1.25,\"currency\":\"EUR\",\"createdAt\":\"2026-11-26T19:00:00Z\"}";
      producer.send(new ProducerRecord<>(stack.topics().input(), customer, json));
      ids.add(id);
    }
    producer.flush();
    return ids;
  }

  private static void awaitLedgerExactlyOnce(EmbeddedStack stack, List<UUID> ids) throws Exception {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ledgerCounts(stack, ids).size() == ids.size());
    assertThat(ledgerCounts(stack, ids).values()).containsOnly(1);
  }

  private static Map<UUID, Integer> ledgerCounts(EmbeddedStack stack, List<UUID> ids)
      throws Exception {
    Map<UUID, Integer> counts = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
        PreparedStatement s =
            c.prepareStatement(
                "select message_id, count(*) from pipeline.messages where message_id = any(?)"
                    + " group by 1")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
        }
      }
    }
    return counts;
  }

  private static String metrics(EmbeddedStack stack) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .body();
  }
}
