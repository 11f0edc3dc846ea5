package io.pipelineperf.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link Monitor} samples and where it writes. A null httpUrl, dbUrl or kafkaBootstrap
 * switches that sampler off (host and injector samplers always run).
 *
 * <p>System properties for the defaults: {@code monitor.intervalMs} (1000), {@code
 * monitor.timeoutMs} (2000), {@code monitor.group} (else {@code service.consumer.group}, else
 * pipeline-service), {@code monitor.topic} (else {@code topic.input}, else pipeline.messages).
 */
public record MonitorConfig(
    String httpUrl,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    String group,
    String topic,
    Path runDir,
    Duration interval,
    Duration timeout) {

  public static final String DEFAULT_GROUP = "pipeline-service";
  public static final String DEFAULT_TOPIC = "pipeline.messages";

  public MonitorConfig {
    Objects.requireNonNull(runDir, "runDir: the run folder for timeseries.jsonl is required");
    requireText(group, "monitor.group");
    requireText(topic, "monitor.topic");
    if (interval.compareTo(Duration.ofMillis(100)) < 0
        || interval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "monitor.intervalMs="
              + interval.toMillis()
              + " is out of range: use 100..60000 (default 1000)");
    }
    if (timeout.compareTo(Duration.ofMillis(100)) < 0
        || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "monitor.timeoutMs="
              + timeout.toMillis()
              + " is out of range: use 100..60000 (default 2000)");
    }
  }

  /** Everything the stack exposes; the topic is the stack's input topic. */
  public static MonitorConfig forStack(io.pipelineperf.stack.Stack stack, Path runDir) {
    return of(
            stack.httpUrl(),
            stack.dbUrl(),
            stack.dbUser(),
            stack.dbPassword(),
            stack.kafkaBootstrap(),
            runDir)
        .withTopic(stack.topics().input());
  }

  /** Defaults for group, topic, interval and timeout come from system properties. */
  public static MonitorConfig of(
      String httpUrl,
      String dbUrl,
      String dbUser,
      String dbPassword,
      String kafkaBootstrap,
      Path runDir) {
    return new MonitorConfig(
        httpUrl,
        dbUrl,
        dbUser,
        dbPassword,
        kafkaBootstrap,
        System.getProperty(
            "monitor.group", System.getProperty("service.consumer.group", DEFAULT_GROUP)),
        System.getProperty("monitor.topic", System.getProperty("topic.input", DEFAULT_TOPIC)),
        runDir,
        Duration.ofMillis(longProperty("monitor.intervalMs", 1000)),
        Duration.ofMillis(longProperty("monitor.timeoutMs", 2000)));
  }

  public MonitorConfig withGroup(String g) {
    return new MonitorConfig(
        httpUrl, dbUrl, dbUser, dbPassword, kafkaBootstrap, g, topic, runDir, interval, timeout);
  }

  public MonitorConfig withTopic(String t) {
    return new MonitorConfig(
        httpUrl, dbUrl, dbUser, dbPassword, kafkaBootstrap, group, t, runDir, interval, timeout);
  }

  public MonitorConfig withInterval(Duration i) {
    return new MonitorConfig(
        httpUrl, dbUrl, dbUser, dbPassword, kafkaBootstrap, group, topic, runDir, i, timeout);
  }

  public MonitorConfig withTimeout(Duration t) {
    return new MonitorConfig(
        httpUrl, dbUrl, dbUser, dbPassword, kafkaBootstrap, group, topic, runDir, interval, t);
  }

  static long longProperty(String name, long defaultValue) {
    String raw = System.getProperty(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + "=" + raw + " is not a whole number; set e.g. -D" + name + "=" + defaultValue);
    }
  }

  private static void requireText(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " is empty: set -D" + setting + "=<name>");
    }
  }
}
