package io.pipelineperf.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.stack.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test-side access to a running stack: produce, read topics, query the ledger, call HTTP. */
final class PipelineClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Stack stack;
  private final KafkaProducer<byte[], byte[]> producer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  PipelineClient(Stack stack) {
    this.stack = stack;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(p);
  }

  static String message(UUID id, String customer, String amount) {
    return "{\"id\":\""
        + id
        + "\",\"customer\":\""
        + customer
        + "\",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\",\"createdAt\":\"2026-11-26T19:00:00Z\",\"note\":\"it\"}";
  }

  /** Sends and waits for the broker's ack. {@code messageId} may be null (no header). */
  void send(String key, byte[] value, String messageId) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    if (messageId != null) {
      headers.add("message-id", messageId.getBytes(StandardCharsets.UTF_8));
    }
    producer
        .send(
            new ProducerRecord<>(
                stack.topics().input(),
                null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value,
                headers))
        .get();
  }

  void sendAll(List<UUID> ids, Map<UUID, String> customerOf) throws Exception {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    for (UUID id : ids) {
      String customer = customerOf.get(id);
      RecordHeaders headers = new RecordHeaders();
      headers.add("message-id", id.toString().getBytes(StandardCharsets.UTF_8));
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  stack.topics().input(),
                  null,
                  customer.getBytes(StandardCharsets.UTF_8),
                  message(id, customer, "12.50").getBytes(StandardCharsets.UTF_8),
                  headers)));
    }
    for (var ack : acks) {
      ack.get();
    }
  }

  /** Rows per id in pipeline.messages (ids with no row are absent). */
  Map<UUID, Integer> ledgerCounts(Collection<UUID> ids) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
        PreparedStatement q =
            c.prepareStatement(
                "select message_id, count(*) from pipeline.messages where message_id = any(?)"
                    + " group by 1")) {
      Array array = c.createArrayOf("uuid", ids.toArray(UUID[]::new));
      q.setArray(1, array);
      Map<UUID, Integer> counts = new HashMap<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
        }
      }
      return counts;
    }
  }

  /**
   * Reads a whole topic from the beginning, again and again, until {@code done} holds for what was
   * read (or the timeout passes); returns the last read.
   */
  List<ConsumerRecord<byte[], byte[]>> readUntil(
      String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
          read.add(r);
        }
        if (done.test(read)) {
          break;
        }
      }
    }
    return read;
  }

  /** Outcome statuses per id, read from the outcome topic until every id has {@code atLeast}. */
  Map<UUID, List<String>> outcomes(Collection<UUID> ids, int atLeast, Duration timeout) {
    Map<UUID, List<String>> statuses = new HashMap<>();
    readUntil(
        stack.topics().outcomes(),
        records -> {
          statuses.clear();
          for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode node = readJson(r.value());
            statuses
                .computeIfAbsent(UUID.fromString(node.get("id").asText()), k -> new ArrayList<>())
                .add(node.get("status").asText());
          }
          return ids.stream()
              .allMatch(id -> statuses.getOrDefault(id, List.of()).size() >= atLeast);
        },
        timeout);
    return statuses;
  }

  static JsonNode readJson(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
