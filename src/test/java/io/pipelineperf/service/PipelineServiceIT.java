package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The service as users run it (own JVM) against a real broker and a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineServiceIT {
  static {
    System.setProperty("logback.configurationFile", PipelineService.LOGBACK_CONFIG);
  }

  private static final Duration WAIT = Duration.ofSeconds(90);
  private EmbeddedStack stack;
  private PipelineClient client;

  @BeforeAll
  void startStack() {
    stack =
        EmbeddedStack.start(
            StackConfig.defaults()
                .withRunDir(Path.of("target", "it-runs", "PipelineServiceIT"))
                .withServiceProperty("message.maxBytes", "4096")
                .withServiceProperty("consumer.maxPollRecords", "200"));
    client = new PipelineClient(stack);
  }

  @AfterAll
  void stopStack() {
    if (client != null) {
      client.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static Map<UUID, String> newMessages(int count, int customers) {
    Map<UUID, String> customerOf = new HashMap<>();
    for (int i = 0; i < count; i++) {
      customerOf.put(UUID.randomUUID(), String.format("C-%06d", i % customers));
    }
    return customerOf;
  }

  @Test
  @Order(1)
  void kafkaMessagesAreWrittenExactlyOnceAndEachGetsAnOutcome() throws Exception {
    Map<UUID, String> customerOf = newMessages(3000, 40);
    List<UUID> ids = new ArrayList<>(customerOf.keySet());
    client.sendAll(ids, customerOf);

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> client.ledgerCounts(ids).size() == ids.size());
    assertThat(client.ledgerCounts(ids).values()).containsOnly(1);
    Map<UUID, List<String>> outcomes = client.outcomes(ids, 1, WAIT);
    assertThat(ids).allSatisfy(id -> assertThat(outcomes.get(id)).containsExactly("processed"));

    // redelivery (here: a resend) is an idempotent skip: outcome 'duplicate', no second row
    List<UUID> again = ids.subList(0, 100);
    client.sendAll(again, customerOf);
    Map<UUID, List<String>> afterResend = client.outcomes(again, 2, WAIT);
    assertThat(again)
        .allSatisfy(
            id -> assertThat(afterResend.get(id)).containsExactly("processed", "duplicate"));
    assertThat(client.ledgerCounts(again).values()).containsOnly(1);
  }

  @Test
  @Order(2)
  void httpMessagesAreAcceptedOnlyAfterKafkaAckedAndWrittenOnce() throws Exception {
    Map<UUID, String> customerOf = newMessages(200, 7);
    for (Map.Entry<UUID, String> e : customerOf.entrySet()) {
      HttpResponse<String> r =
          client.post(
              "/messages",
              PipelineClient.message(e.getKey(), e.getValue(), "3.25")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(PipelineClient.readJson(r.body().getBytes()).get("id").asText())
          .isEqualTo(e.getKey().toString());
    }
    List<UUID> ids = new ArrayList<>(customerOf.keySet());
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> client.ledgerCounts(ids).size() == ids.size());
    assertThat(client.ledgerCounts(ids).values()).containsOnly(1);
    Map<UUID, List<String>> outcomes = client.outcomes(ids, 1, WAIT);
    assertThat(ids).allSatisfy(id -> assertThat(outcomes.get(id)).containsExactly("processed"));

    // the input record: key = customer, header message-id = id
    UUID one = ids.get(0);
    List<ConsumerRecord<byte[], byte[]>> input =
        client.readUntil(
            stack.topics().input(), rs -> rs.stream().anyMatch(r -> hasId(r, one)), WAIT);
    ConsumerRecord<byte[], byte[]> record =
        input.stream().filter(r -> hasId(r, one)).findFirst().orElseThrow();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(customerOf.get(one));
  }

  private static boolean hasId(ConsumerRecord<byte[], byte[]> r, UUID id) {
    Header h = r.headers().lastHeader("message-id");
    return h != null && new String(h.value(), StandardCharsets.UTF_8).equals(id.toString());
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  @Order(3)
  void everyBadInputClassIsDeadLetteredWithItsReasonAndNothingBlocks() throws Exception {
    String key = "C-BAD";
    UUID invalidJson = UUID.randomUUID();
    UUID invalidUtf8 = UUID.randomUUID();
    UUID missingField = UUID.randomUUID();
    UUID invalidField = UUID.randomUUID();
    UUID oversized = UUID.randomUUID();
    UUID businessRule = UUID.randomUUID();
    UUID good = UUID.randomUUID();
    byte[] badUtf8 = PipelineClient.message(invalidUtf8, key, "1").getBytes(StandardCharsets.UTF_8);
    badUtf8[badUtf8.length - 4] = (byte) 0xC3;
    String big =
        PipelineClient.message(oversized, key, "1")
            .replace("\"it\"", "\"" + "x".repeat(5000) + "\"");

    client.send(key, "{\"id\": oops".getBytes(StandardCharsets.UTF_8), invalidJson.toString());
    client.send(key, badUtf8, invalidUtf8.toString());
    client.send(
        key,
        ("{\"id\":\"" + missingField + "\",\"amount\":1,\"currency\":\"EUR\"}")
            .getBytes(StandardCharsets.UTF_8),
        null);
    client.send(
        key,
        PipelineClient.message(invalidField, key, "1")
            .replace("EUR", "euro")
            .getBytes(StandardCharsets.UTF_8),
        null);
    client.send(key, big.getBytes(StandardCharsets.UTF_8), oversized.toString());
    client.send(
        key,
        PipelineClient.message(businessRule, key, "-5").getBytes(StandardCharsets.UTF_8),
        businessRule.toString());
    client.send(key, PipelineClient.message(good, key, "7").getBytes(StandardCharsets.UTF_8), null);

    Map<UUID, String> expected = new HashMap<>();
    expected.put(invalidJson, "invalid-json");
    expected.put(invalidUtf8, "invalid-utf8");
    expected.put(missingField, "missing-field");
    expected.put(invalidField, "invalid-field");
    expected.put(oversized, "oversized");
    expected.put(businessRule, "business-rule");

    List<ConsumerRecord<byte[], byte[]>> dlq =
        client.readUntil(
            stack.topics().dlq(),
            rs ->
                expected.keySet().stream().allMatch(id -> rs.stream().anyMatch(r -> hasId(r, id))),
            WAIT);
    Map<UUID, ConsumerRecord<byte[], byte[]>> byId =
        dlq.stream()
            .filter(r -> header(r, "message-id") != null)
            .collect(
                Collectors.toMap(
                    r -> UUID.fromString(header(r, "message-id")),
                    Function.identity(),
                    (a, b) -> a));
    for (Map.Entry<UUID, String> e : expected.entrySet()) {
      ConsumerRecord<byte[], byte[]> r = byId.get(e.getKey());
      assertThat(r).as("DLQ record for %s", e.getValue()).isNotNull();
      assertThat(header(r, "dlq.reason.code")).isEqualTo(e.getValue());
      assertThat(header(r, "dlq.reason")).isNotBlank();
      assertThat(header(r, "dlq.original.topic")).isEqualTo(stack.topics().input());
      assertThat(header(r, "dlq.original.partition")).matches("\\d+");
      assertThat(header(r, "dlq.original.offset")).matches("\\d+");
      assertThat(header(r, "dlq.failed.at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(key);
    }
    assertThat(header(byId.get(missingField), "dlq.reason")).contains("customer");
    assertThat(header(byId.get(invalidField), "dlq.reason")).contains("currency");
    assertThat(byId.get(invalidUtf8).value()).isEqualTo(badUtf8);

    Map<UUID, List<String>> outcomes = client.outcomes(expected.keySet(), 1, WAIT);
    assertThat(expected.keySet())
        .allSatisfy(id -> assertThat(outcomes.get(id)).containsExactly("dead-lettered"));
    await().atMost(WAIT).until(() -> client.ledgerCounts(List.of(good)).getOrDefault(good, 0) == 1);
    assertThat(client.ledgerCounts(List.of(businessRule))).isEmpty();
  }

  @Test
  @Order(4)
  void httpAnswersBadRequestsWithTheFieldAndOversizedWith413() throws Exception {
    HttpResponse<String> malformed = client.post("/messages", "{nope".getBytes());
    assertThat(malformed.statusCode()).isEqualTo(400);
    JsonNode error = PipelineClient.readJson(malformed.body().getBytes());
    assertThat(error.get("error").asText()).contains("JSON");
    assertThat(error.get("field").isNull()).isTrue();

    HttpResponse<String> missing =
        client.post(
            "/messages",
            ("{\"id\":\"" + UUID.randomUUID() + "\",\"amount\":1,\"currency\":\"EUR\"}")
                .getBytes());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(PipelineClient.readJson(missing.body().getBytes()).get("field").asText())
        .isEqualTo("customer");

    HttpResponse<String> invalid =
        client.post(
            "/messages", PipelineClient.message(UUID.randomUUID(), "C-1", "\"ten\"").getBytes());
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(PipelineClient.readJson(invalid.body().getBytes()).get("field").asText())
        .isEqualTo("amount");

    HttpResponse<String> tooLarge = client.post("/messages", new byte[5000]);
    assertThat(tooLarge.statusCode()).isEqualTo(413);

    assertThat(client.get("/health").statusCode()).isEqualTo(200);
    assertThat(client.get("/ready").statusCode()).isEqualTo(200);
    String metrics = client.get("/metrics").body();
    assertThat(metrics)
        .contains(
            "pipeline_messages_processed_total",
            "pipeline_messages_dead_lettered_total{reason=\"business-rule\"}",
            "pipeline_messages_duplicates_total",
            "pipeline_batch_duration_seconds",
            "pipeline_http_ingress_seconds",
            "pipeline_consumer_paused",
            "hikaricp_connections_active",
            "jvm_memory_used_bytes",
            "jvm_memory_usage_after_gc",
            "jvm_gc_overhead",
            "process_cpu_usage",
            "process_files_open_files",
            "kafka_producer");
  }

  @Test
  @Order(5)
  void httpAnswers503WithRetryAfterWhileKafkaIsUnavailable() throws Exception {
    stack.broker().pause();
    try {
      HttpResponse<String> r =
          client.post(
              "/messages",
              PipelineClient.message(UUID.randomUUID(), "C-1", "1")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      await().atMost(WAIT).until(() -> client.get("/ready").statusCode() == 503);
      assertThat(client.get("/ready").body()).contains("kafka");
    } finally {
      stack.broker().resume();
    }
    await().atMost(WAIT).until(() -> client.get("/ready").statusCode() == 200);
  }
}
