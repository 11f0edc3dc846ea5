package io.pipelineperf.gatling;

import io.pipelineperf.stack.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A real broker of its own for one test class, in a temp dir removed on close. */
final class TestBroker implements AutoCloseable {

  private final Path dir;
  private final KafkaBroker broker;

  private TestBroker(Path dir, KafkaBroker broker) {
    this.dir = dir;
    this.broker = broker;
  }

  /** Starts a broker whose log goes to {@code target/it-logs/<testClass>/kafka.log}. */
  static TestBroker start(Class<?> testClass) throws Exception {
    Path dir = Files.createTempDirectory(testClass.getSimpleName());
    KafkaBroker broker =
        new KafkaBroker(
            dir.resolve("kafka"),
            Path.of("target/it-logs/" + testClass.getSimpleName() + "/kafka.log"),
            "512m");
    TestBroker running = new TestBroker(dir, broker);
    try {
      broker.start();
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
    return running;
  }

  String bootstrap() {
    return broker.directBootstrap();
  }

  void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      broker.stop();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
