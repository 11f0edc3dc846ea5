package io.pipelineperf.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes the process of a system under test other than the reference service from the stack's
 * settings ({@code sut.*}) and where the stack put Kafka and PostgreSQL.
 */
final class SutFactory {
  private SutFactory() {}

  /** Where the system under test finds the stack (through proxies/host names if so configured). */
  record Wiring(
      String kafkaBootstrap,
      String dbUrl,
      String dbUser,
      String dbPassword,
      Topics topics,
      Path logDir,
      List<String> extraJvmArgs) {}

  static KafkaConnectWorker connectWorker(Map<String, String> settings, Wiring w) {
    ConnectSinkConfig sink = connectSink(settings, w);
    return new KafkaConnectWorker(
        sink,
        w.logDir().resolve("kafka-connect"),
        w.logDir().resolve("kafka-connect.log"),
        settings.getOrDefault("connect.heap", "512m"),
        w.extraJvmArgs());
  }

  static ConnectSinkConfig connectSink(Map<String, String> settings, Wiring w) {
    Path dir = w.logDir().resolve("kafka-connect");
    return new ConnectSinkConfig(
        settings.getOrDefault("connect.name", ConnectSinkConfig.DEFAULT_NAME),
        w.kafkaBootstrap(),
        w.topics().input(),
        w.dbUrl(),
        w.dbUser(),
        w.dbPassword(),
        settings.getOrDefault("connect.table", ConnectSinkConfig.DEFAULT_TABLE),
        settings.getOrDefault("connect.insertMode", "insert"),
        intSetting(settings, "connect.tasks", 1),
        PortAllocator.freePort(),
        dir.resolve("connect.offsets").toString());
  }

  static CommandProcess command(Map<String, String> settings, Wiring w) {
    return new CommandProcess(
        settings.get("command"),
        CommandProcess.environment(
            w.kafkaBootstrap(), w.dbUrl(), w.dbUser(), w.dbPassword(), w.topics()),
        w.logDir().resolve("sut.log"),
        Duration.ofMillis(intSetting(settings, "command.settleMs", 1000)));
  }

  private static int intSetting(Map<String, String> settings, String key, int defaultValue) {
    String raw = settings.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new StackConfigException("sut." + key + "='" + raw + "' is not a whole number");
    }
  }
}
