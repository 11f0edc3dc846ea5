package io.pipelineperf.monitor;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in its own JVM, on the test classpath, for tests of this package
 * (until io.pipelineperf.stack is merged). Logs go to a file in its temp dir, which is removed on
 * close.
 */
final class TestKafkaBroker implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final Process process;

  private TestKafkaBroker(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static TestKafkaBroker start() throws Exception {
    Path dir = Files.createTempDirectory("monitor-kafka");
    Process process = null;
    try {
      int port = freePort();
      int controller = freePort();
      Path props = dir.resolve("server.properties");
      Files.writeString(
          props,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controller,
              "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + dir.resolve("data"),
              "offsets.topic.replication.factor=1",
              "offsets.topic.num.partitions=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "group.initial.rebalance.delay.ms=0",
              "num.partitions=1",
              ""));
      Path logback = dir.resolve("logback.xml");
      Files.writeString(
          logback,
          "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
              + "<file>"
              + dir.resolve("broker.log")
              + "</file><encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>"
              + "</appender><root level=\"WARN\"><appender-ref ref=\"F\"/></root></configuration>");
      String clusterId = Uuid.randomUuid().toString();
      Process format =
          java(
                  dir,
                  logback,
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  clusterId,
                  "-c",
                  props.toString())
              .start();
      if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("kafka storage format failed, see " + dir);
      }
      process = java(dir, logback, "kafka.Kafka", props.toString()).start();
      TestKafkaBroker broker = new TestKafkaBroker(dir, port, process);
      broker.awaitReady(Duration.ofSeconds(120));
      return broker;
    } catch (Exception | Error e) {
      if (process != null) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      deleteTree(dir);
      throw e;
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  private void awaitReady(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!accepts()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("kafka broker exited, see " + dir.resolve("broker.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("kafka broker port not open within " + max);
      }
      Thread.sleep(200);
    }
    Exception last = null;
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          last = e;
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("kafka broker not ready within " + max, last);
  }

  private boolean accepts() {
    try (java.net.Socket probe = new java.net.Socket()) {
      probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ProcessBuilder java(Path dir, Path logback, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + logback,
            "-cp",
            System.getProperty("java.class.path")));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
