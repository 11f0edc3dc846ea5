package io.pipelineperf.faults.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy in front of a real Kafka broker (own JVM, KRaft) on a PROXIED listener whose advertised
 * address is the proxy: clients that bootstrap there stay behind the proxy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultProxyKafkaIT {
  private static final int DELIVERY_TIMEOUT_MS = 3000;
  private static Path dir;
  private static Process broker;
  private static FaultProxy proxy;
  private static int plaintextPort;

  @BeforeAll
  static void startBrokerBehindProxy() throws Exception {
    dir = Files.createTempDirectory("faultproxy-kafka-it");
    plaintextPort = freePort();
    int controllerPort = freePort();
    int proxiedPort = freePort();
    proxy = FaultProxy.start("kafka-it", 0, "127.0.0.1", proxiedPort);
    Path config = dir.resolve("server.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:"
                + plaintextPort
                + ",CONTROLLER://127.0.0.1:"
                + controllerPort
                + ",PROXIED://127.0.0.1:"
                + proxiedPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:"
                + plaintextPort
                + ",PROXIED://127.0.0.1:"
                + proxy.port(),
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    String clusterId = Uuid.randomUuid().toString();
    Process format =
        java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString())
            .redirectOutput(dir.resolve("format.log").toFile())
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException(
          "formatting failed: " + Files.readString(dir.resolve("format.log")));
    }
    broker =
        java("kafka.Kafka", config.toString())
            .redirectOutput(dir.resolve("broker.log").toFile())
            .start();
    awaitBroker();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (broker != null) {
      broker.destroy();
      if (!broker.waitFor(30, TimeUnit.SECONDS)) {
        broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (proxy != null) {
      proxy.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @AfterEach
  void heal() {
    proxy.clear();
  }

  private static ProcessBuilder java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitBroker() {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + plaintextPort,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(config)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsMatching(
              e -> e instanceof ExecutionException || e instanceof TimeoutException)
          .until(
              () -> {
                if (!broker.isAlive()) {
                  throw new IllegalStateException(
                      "broker exited: " + Files.readString(dir.resolve("broker.log")));
                }
                return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
              });
    }
  }

  private static KafkaProducer<String, String> producerBehindProxy() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + proxy.port());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
    props.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    return new KafkaProducer<>(props);
  }

  private static long sendMillis(KafkaProducer<String, String> producer) throws Exception {
    long start = System.nanoTime();
    producer.send(new ProducerRecord<>("proxied", "key", "value")).get(30, TimeUnit.SECONDS);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void producerStaysBehindTheProxyAndFeelsItsLatency() throws Exception {
    try (KafkaProducer<String, String> producer = producerBehindProxy()) {
      sendMillis(producer); // creates the topic, warms metadata and connections
      long before = proxy.stats().upstream().bytesSent();
      sendMillis(producer);
      assertThat(proxy.stats().upstream().bytesSent()).isGreaterThan(before);

      proxy.add(Toxic.latency(Direction.DOWNSTREAM, 400, 0));
      assertThat(sendMillis(producer)).isGreaterThanOrEqualTo(400);
    }
  }

  @Test
  void downFailsSendsAndHealingRestoresThem() throws Exception {
    try (KafkaProducer<String, String> producer = producerBehindProxy()) {
      sendMillis(producer);
      ProxyStats beforeDown = proxy.stats();
      proxy.add(Toxic.down());
      assertThatThrownBy(() -> sendMillis(producer)).isInstanceOf(ExecutionException.class);
      ProxyStats down = proxy.stats();
      assertThat(down.connectionsCut())
          .as("open connections cut by down")
          .isGreaterThan(beforeDown.connectionsCut());
      assertThat(down.upstream().bytesSent())
          .as("bytes that reached the broker while down")
          .isEqualTo(beforeDown.upstream().bytesSent());

      proxy.remove("down");
      long healedMillis = sendMillis(producer);
      ProxyStats healed = proxy.stats();
      // the producer reconnected through the proxy (not around it) and its record went that way
      assertThat(healed.connectionsAccepted())
          .as("connections accepted after heal")
          .isGreaterThan(down.connectionsAccepted());
      assertThat(healed.upstream().bytesSent())
          .as("bytes through the proxy after heal")
          .isGreaterThan(down.upstream().bytesSent());
      assertThat(healedMillis).as("send after heal, ms").isLessThan(DELIVERY_TIMEOUT_MS);
    }
  }
}
