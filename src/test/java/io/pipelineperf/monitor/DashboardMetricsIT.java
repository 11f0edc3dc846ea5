package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.stack.Stack;
import io.pipelineperf.stack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every metric the shipped Grafana dashboard and prometheus.yml read is exported by the real
 * service: the embedded stack runs, a few messages (valid, invalid, over HTTP, and some hitting an
 * injected database error) make the lazily created meters appear, then /metrics is scraped.
 */
class DashboardMetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyMetricTheDashboardReadsIsExported() throws Exception {
    Path runDir = Path.of("target", "it-runs", "DashboardMetricsIT");
    PrometheusConfigFile prometheus = PrometheusConfigFile.read();
    Set<String> wanted = new TreeSet<>(GrafanaDashboard.read().metricNames());
    wanted.addAll(prometheus.metricNames());
    assertThat(wanted).as("metric names found in the dashboard").hasSizeGreaterThan(10);

    try (Stack stack =
        Stack.start(
            StackConfig.fromSystemProperties()
                .withRunDir(runDir)
                .withServiceProperty("defect", "no-idempotency"))) {
      sql(
          stack,
          "insert into pipeline.fault_control (name, enabled, sqlstate, probability)"
              + " values ('dashboard-it', true, '40P01', 1.0)");
      try (KafkaProducer<String, String> producer = producer(stack)) {
        for (int i = 0; i < 5; i++) {
          send(producer, stack, validMessage());
        }
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> scrape(stack).sum("pipeline_db_errors_total").isPresent());
        sql(stack, "update pipeline.fault_control set enabled = false");
        send(producer, stack, "{not json");
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> accepted = post(stack, validMessage());
          assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }
      }
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                PrometheusScrape s = scrape(stack);
                return s.sum("pipeline_messages_processed_total").orElse(0) >= 8
                    && s.sum("pipeline_messages_dead_lettered_total").isPresent();
              });
      String text = get(stack, prometheus.metricsPath());
      Files.createDirectories(runDir);
      Files.writeString(runDir.resolve("metrics.txt"), text);
      Set<String> exported = new TreeSet<>();
      PrometheusScrape.parse(text).series().forEach(s -> exported.add(s.name()));
      System.out.println("DashboardMetricsIT: dashboard reads " + wanted);
      assertThat(exported).as("metrics exported by the service").containsAll(wanted);
    }
  }

  private static String validMessage() {
    return "{\"id\":\""
        + UUID.randomUUID()
        + "\",\"customer\":\"C-000042\",\"amount\":12.50,\"currency\":\"EUR\","
        + "\"createdAt\":\"2026-11-26T19:00:00Z\",\"note\":\"dashboard-it\"}";
  }

  private static KafkaProducer<String, String> producer(Stack stack) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private static void send(KafkaProducer<String, String> producer, Stack stack, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(stack.topics().input(), "C-000042", value)).get();
  }

  private PrometheusScrape scrape(Stack stack) throws Exception {
    return PrometheusScrape.parse(get(stack, "/metrics"));
  }

  private String get(Stack stack, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.httpUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<String> post(Stack stack, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/messages"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void sql(Stack stack, String statement) throws Exception {
    try (Connection c =
            DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
