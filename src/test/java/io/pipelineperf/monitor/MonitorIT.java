package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.ResourcesPage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The samplers and the Monitor against a real broker, a real PostgreSQL and a real endpoint. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorIT {

  private static TestKafkaBroker broker;
  private static EmbeddedPostgres postgres;
  private static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger("org.apache.kafka")
        .setLevel(Level.WARN);
    broker = TestKafkaBroker.start();
    postgres = EmbeddedPostgres.builder().start();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (postgres != null) {
      postgres.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void lagIsEndMinusCommittedPerPartitionWithMembers() throws Exception {
    String topic = "lag.test";
    createTopic(topic, 3);
    produce(topic, 3, 10);
    try (KafkaLagSampler sampler =
        new KafkaLagSampler(broker.bootstrap(), "g-lag", topic, Duration.ofSeconds(5))) {
      Map<String, Double> before = sample(sampler);
      // the group never committed: lag counts from the earliest offset
      assertThat(before).containsEntry("lag.total", 30.0).containsEntry("lag.p0", 10.0);
      assertThat(before).containsEntry("lag.members", 0.0).containsEntry("lag.endOffsets", 30.0);

      try (KafkaConsumer<String, String> consumer = consumer("g-lag")) {
        consumer.subscribe(List.of(topic));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200));
                  return !consumer.assignment().isEmpty();
                });
        consumer.commitSync(
            Map.of(
                new TopicPartition(topic, 0), new OffsetAndMetadata(10),
                new TopicPartition(topic, 1), new OffsetAndMetadata(5)));
        Map<String, Double> during = sample(sampler);
        assertThat(during)
            .containsEntry("lag.p0", 0.0)
            .containsEntry("lag.p1", 5.0)
            .containsEntry("lag.p2", 10.0)
            .containsEntry("lag.total", 15.0)
            .containsEntry("lag.members", 1.0);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> sample(sampler).get("lag.members") == 0.0);
    }
  }

  @Test
  void lagSamplerThrowsWhenTheBrokerCannotBeReached() throws Exception {
    try (KafkaLagSampler sampler =
        new KafkaLagSampler("127.0.0.1:" + closedPort(), "g", "t", Duration.ofMillis(800))) {
      assertThatThrownBy(() -> sampler.sample(new HashMap<>())).isInstanceOf(Exception.class);
    }
  }

  @Test
  void monitorWritesTimeseriesSummaryAndPageForARun(@TempDir Path runDir) throws Exception {
    String topic = "monitor.test";
    createTopic(topic, 2);
    HikariDataSource[] pool = new HikariDataSource[1];
    PrometheusMeterRegistry registry = PrometheusScrapeTest.serviceLikeRegistry(pool);
    HttpServer server = metricsServer(registry);
    MonitorConfig config =
        MonitorConfig.of(
                "http://127.0.0.1:" + server.getAddress().getPort(),
                postgres.getJdbcUrl("postgres", "postgres"),
                "postgres",
                "postgres",
                broker.bootstrap(),
                runDir)
            .withGroup("g-monitor")
            .withTopic(topic)
            .withInterval(Duration.ofMillis(500));
    Monitor monitor = Monitor.start(config);
    try {
      monitor.mark(Phases.WARM_UP);
      awaitSamples(monitor, 2);
      monitor.mark(Phases.MEASURED);
      produce(topic, 2, 50);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lastLag(monitor).filter(l -> l == 100.0).isPresent());
      monitor.mark(Phases.COOL_DOWN);
      try (KafkaConsumer<String, String> consumer = consumer("g-monitor")) {
        consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
        consumer.commitSync(
            Map.of(
                new TopicPartition(topic, 0), new OffsetAndMetadata(50),
                new TopicPartition(topic, 1), new OffsetAndMetadata(50)));
      }
      Optional<Duration> drained = monitor.awaitLagDrained(Duration.ofSeconds(30));
      assertThat(drained).isPresent();
      awaitSamples(monitor, monitor.samples().size() + 2);
    } finally {
      monitor.stop();
      server.stop(0);
      pool[0].close();
      registry.close();
    }
    monitor.stop(); // idempotent

    List<Sample> samples = TimeSeriesFile.read(runDir);
    assertThat(samples).isNotEmpty();
    assertThat(samples.stream().map(Sample::phase))
        .contains(Phases.WARM_UP, Phases.MEASURED, Phases.COOL_DOWN);
    Sample last = samples.get(samples.size() - 1);
    assertThat(last.values())
        .containsKeys(
            "svc.cpu.pct",
            "svc.heap.used.bytes",
            "pool.max",
            "db.sessions.total",
            "db.locks.waiting",
            "db.deadlocks",
            "lag.total",
            "lag.p0",
            "lag.p1",
            "lag.members",
            "host.cpu.pct",
            "host.mem.used.bytes",
            "inj.cpu.pct",
            "inj.heap.used.bytes",
            "mon.cpu.pct",
            "mon.tick.ms",
            "mon.late");

    ResourcesSummary summary = ResourcesSummary.of(samples);
    assertThat(summary.lag().peak()).isEqualTo(100L);
    assertThat(summary.lag().drained()).isTrue();
    assertThat(summary.pool().max()).isEqualTo(7L);
    List<AssertionResult> checks =
        ResourceAssertions.check(summary, ResourceAssertions.Thresholds.defaults());
    assertThat(checks).hasSize(4);
    assertThat(checks.get(3).passed()).isTrue();

    Path page = ResourcesPage.write(runDir, samples, List.of());
    assertThat(Files.readString(page)).contains("consumer lag (messages)");

    System.out.printf(
        "MonitorIT: %d samples, monitor own CPU %.2f ms/s (mean mon.cpu.pct %.3f %% of one core),"
            + " summary %s%n",
        samples.size(),
        monitor.ownCpuMillisPerSecond(),
        summary.monitor().cpuMeanPctOfOneCore(),
        summary.toJson().replaceAll("\\s+", " "));
  }

  /** Not an assertion on speed: prints what sampling costs, for the report. */
  @Test
  void measuresItsOwnCpuCostAtTheDefaultInterval(@TempDir Path runDir) throws Exception {
    createTopic("cost.test", 6);
    HikariDataSource[] pool = new HikariDataSource[1];
    PrometheusMeterRegistry registry = PrometheusScrapeTest.serviceLikeRegistry(pool);
    HttpServer server = metricsServer(registry);
    MonitorConfig config =
        MonitorConfig.of(
                "http://127.0.0.1:" + server.getAddress().getPort(),
                postgres.getJdbcUrl("postgres", "postgres"),
                "postgres",
                "postgres",
                broker.bootstrap(),
                runDir)
            .withTopic("cost.test");
    Map<String, Long> cpuByThread = new java.util.TreeMap<>();
    List<Sample> samples;
    try (Monitor monitor = Monitor.start(config)) {
      monitor.mark(Phases.MEASURED);
      awaitSamples(monitor, 20);
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      for (java.lang.management.ThreadInfo info :
          threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && info.getThreadName().contains(Monitor.THREAD_PREFIX)) {
          cpuByThread.put(
              info.getThreadName(), threads.getThreadCpuTime(info.getThreadId()) / 1_000_000);
        }
      }
      samples = monitor.samples();
    } finally {
      server.stop(0);
      pool[0].close();
      registry.close();
    }
    // steady state: skip the first 5 ticks (class loading, connections, JIT)
    double steady = SeriesMath.mean(samples.subList(5, samples.size()), "mon.cpu.pct");
    double tickMs = SeriesMath.mean(samples.subList(5, samples.size()), "mon.tick.ms");
    System.out.printf(
        "MonitorIT cost: %d samples at 1 s; steady mon.cpu.pct mean %.3f %% of one core"
            + " (%.2f ms CPU per s), mean tick %.1f ms; CPU ms by thread since start %s%n",
        samples.size(), steady, steady * 10, tickMs, cpuByThread);
    assertThat(steady).isNotNull();
  }

  @Test
  void unreachableSourcesCostOnlyTheirMetrics(@TempDir Path runDir) throws Exception {
    int dead = closedPort();
    MonitorConfig config =
        MonitorConfig.of(
                "http://127.0.0.1:" + dead,
                "jdbc:postgresql://127.0.0.1:" + dead + "/postgres",
                "postgres",
                "postgres",
                "127.0.0.1:" + dead,
                runDir)
            .withInterval(Duration.ofMillis(300))
            .withTimeout(Duration.ofMillis(500));
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log.start();
    root.addAppender(log);
    try (Monitor monitor = Monitor.start(config)) {
      awaitSamples(monitor, 8);
      Sample last = monitor.samples().get(monitor.samples().size() - 1);
      assertThat(last.values()).containsKeys("host.cpu.pct", "inj.cpu.pct");
      assertThat(last.values()).doesNotContainKeys("svc.cpu.pct", "db.sessions.total", "lag.total");
    } finally {
      root.detachAppender(log);
    }
    // one WARN line per unreachable source, nothing from the Kafka client about it (other IT
    // classes run beside this one: only this monitor's own threads count)
    assertThat(
            log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .filter(
                    e ->
                        e.getLoggerName().equals(Monitor.class.getName())
                            || e.getThreadName().contains("pipeline-perf-monitor")))
        .hasSize(3)
        .allMatch(e -> e.getLoggerName().equals(Monitor.class.getName()));
    assertThat(Files.readAllLines(runDir.resolve("timeseries.jsonl")))
        .hasSizeGreaterThanOrEqualTo(5);
  }

  /** Runs last: it stops the shared broker. */
  @Test
  @Order(Integer.MAX_VALUE)
  void aBrokerThatGoesAwayMidRunWarnsOnceAndSamplingGoesOn(@TempDir Path runDir) throws Exception {
    createTopic("outage.test", 2);
    MonitorConfig config =
        MonitorConfig.of(null, null, null, null, broker.bootstrap(), runDir)
            .withTopic("outage.test")
            .withInterval(Duration.ofMillis(300))
            .withTimeout(Duration.ofMillis(800));
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log.start();
    root.addAppender(log);
    List<Sample> samples;
    try (Monitor monitor = Monitor.start(config)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> lastLag(monitor).isPresent());
      admin.close(Duration.ofSeconds(5));
      admin = null;
      broker.close();
      int atOutage = monitor.samples().size();
      awaitSamples(monitor, atOutage + 10);
      samples = monitor.samples();
    } finally {
      root.detachAppender(log);
    }
    Sample last = samples.get(samples.size() - 1);
    assertThat(last.values()).containsKey("host.cpu.pct").doesNotContainKey("lag.total");
    List<String> warnings =
        log.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
            .toList();
    System.out.println("MonitorIT outage warnings: " + warnings);
    assertThat(warnings.stream().filter(w -> w.startsWith(Monitor.class.getName())))
        .singleElement()
        .asString()
        .contains("kafka lag");
  }

  private static void awaitSamples(Monitor monitor, int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> monitor.samples().size() >= count);
  }

  private static Optional<Double> lastLag(Monitor monitor) {
    List<Sample> s = monitor.samples();
    return s.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(s.get(s.size() - 1).get("lag.total"));
  }

  private static Map<String, Double> sample(KafkaLagSampler sampler) throws Exception {
    Map<String, Double> values = new HashMap<>();
    sampler.sample(values);
    return values;
  }

  private static void createTopic(String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
  }

  private static void produce(String topic, int partitions, int perPartition) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int partition = 0; partition < partitions; partition++) {
        for (int i = 0; i < perPartition; i++) {
          producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i));
        }
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  private static HttpServer metricsServer(PrometheusMeterRegistry registry) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
