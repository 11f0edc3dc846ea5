package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.stack.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /messages} under many concurrent requests against a real broker: every request is
 * answered 202 exactly once with its id, and every id is on the input topic. (The whole service
 * with PostgreSQL is covered by {@link PipelineServiceIT}; ingress needs only Kafka.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngressServerIT {
  private static final String TOPIC = "ingress-it";
  private static final int REQUESTS = 3000;
  private static final int IN_FLIGHT = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private KafkaBroker broker;
  private KafkaProducer<byte[], byte[]> producer;
  private ServiceMetrics metrics;
  private IngressServer server;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("ingress-it");
    broker = new KafkaBroker(dir, Path.of("target/it-logs/IngressServerIT/kafka.log"), "512m");
    broker.start();
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.directBootstrap());
    try (Admin a = Admin.create(admin)) {
      a.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    ServiceConfig config =
        ServiceConfig.from(
            Map.of(
                    "kafka.bootstrap",
                    broker.directBootstrap(),
                    "db.url",
                    "jdbc:postgresql://127.0.0.1:1/unused-by-ingress")
                ::get,
            Map.of());
    producer = KafkaClients.ingressProducer(config);
    metrics = new ServiceMetrics(Set.of());
    server =
        new IngressServer(
                "127.0.0.1",
                0,
                producer,
                TOPIC,
                new MessageDecoder(config.messageMaxBytes()),
                new Readiness(null, null),
                metrics)
            .start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (metrics != null) {
      metrics.close();
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void everyConcurrentPostIsAnswered202OnceAndLandsOnTheTopic() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/messages");
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<UUID> ids = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      String body = PipelineClient.message(id, String.format("C-%04d", i % 50), "12.50");
      assertThat(inFlight.tryAcquire(60, TimeUnit.SECONDS)).as("a request slot").isTrue();
      answers.add(
          http.sendAsync(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete((response, error) -> inFlight.release()));
    }

    Map<Integer, Integer> statuses = new TreeMap<>();
    Set<String> answeredIds = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
      statuses.merge(response.statusCode(), 1, Integer::sum);
      if (response.statusCode() == 202) {
        answeredIds.add(JSON.readTree(response.body()).get("id").asText());
      }
    }
    assertThat(statuses).isEqualTo(Map.of(202, REQUESTS));
    assertThat(answeredIds).hasSize(REQUESTS);
    assertThat(idsOnTopic(REQUESTS)).containsAll(answeredIds);
  }

  private Set<String> idsOnTopic(int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.directBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingress-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (ids.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          ids.add(new String(r.headers().lastHeader("message-id").value(), StandardCharsets.UTF_8));
        }
      }
    }
    return ids;
  }
}
