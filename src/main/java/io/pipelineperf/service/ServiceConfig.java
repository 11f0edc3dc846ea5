package io.pipelineperf.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The service's settings: each is read from a system property, else from the environment variable
 * in UPPER_SNAKE (e.g. {@code db.poolSize} -> {@code DB_POOL_SIZE}). Invalid settings fail fast,
 * all at once, each naming the setting and the fix.
 *
 * <p>Planted defects ({@code defect}, a comma list of {@link Defect} names) have their own knobs:
 * {@code defect.memoryHogMbPerSec} (20) is the growth rate of memory-hog, {@code
 * defect.cpuHogThreads} (the number of cores) is how many threads cpu-hog keeps busy, {@code
 * defect.slowWriteMs} (20) is how long slow-write holds each batch's transaction open.
 */
public record ServiceConfig(
    String kafkaBootstrap,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    String httpHost,
    int httpPort,
    String topicInput,
    String topicOutcomes,
    String topicDlq,
    String consumerGroup,
    int consumerThreads,
    int consumerMaxPollRecords,
    int consumerSessionTimeoutMs,
    int consumerFetchMinBytes,
    int consumerFetchMaxWaitMs,
    int consumerCommitIntervalMs,
    int messageMaxBytes,
    Set<Defect> defects,
    int defectMemoryHogMbPerSec,
    int defectCpuHogThreads,
    int defectSlowWriteMs) {

  public ServiceConfig {
    defects = Set.copyOf(defects);
  }

  public static ServiceConfig fromSystem() {
    return from(System::getProperty, System.getenv());
  }

  public static ServiceConfig from(Function<String, String> properties, Map<String, String> env) {
    Reader r = new Reader(properties, env);
    ServiceConfig config =
        new ServiceConfig(
            r.required("kafka.bootstrap", "host:port[,host:port]"),
            r.jdbcUrl("db.url"),
            r.text("db.user", "postgres"),
            r.text("db.password", "postgres"),
            r.integer("db.poolSize", 10, 1, 1000),
            r.text("http.host", "127.0.0.1"),
            r.integer("http.port", 8080, 0, 65535),
            r.text("topic.input", "pipeline.messages"),
            r.text("topic.outcomes", "pipeline.outcomes"),
            r.text("topic.dlq", "pipeline.dlq"),
            r.text("consumer.group", "pipeline-service"),
            r.integer("consumer.threads", 3, 1, 256),
            r.integer("consumer.maxPollRecords", 500, 1, 100_000),
            // the broker accepts group.min.session.timeout.ms (6 s) to ...max... (30 min)
            r.integer("consumer.sessionTimeoutMs", 10_000, 6_000, 1_800_000),
            // a fetch waits for this many bytes (or fetchMaxWaitMs): fewer, fuller fetches cost
            // the broker less per message at high rates, and add at most the wait to latency
            r.integer("consumer.fetchMinBytes", 1, 1, 64 * 1024 * 1024),
            r.integer("consumer.fetchMaxWaitMs", 500, 0, 60_000),
            // finished offsets are committed at most this often (0: after every batch); a crash
            // redelivers at most this long's messages, as duplicates the write skips
            r.integer("consumer.commitIntervalMs", 100, 0, 60_000),
            r.integer("message.maxBytes", 65536, 128, 16 * 1024 * 1024),
            r.defects("defect"),
            // growth rate of the memory-hog defect, MB retained per second
            r.integer("defect.memoryHogMbPerSec", 20, 1, 10_000),
            // threads the cpu-hog defect keeps busy; the default, one per core, saturates the
            // machine, so the CPU assertion (% of ALL cores) is over its limit
            r.integer("defect.cpuHogThreads", Runtime.getRuntime().availableProcessors(), 1, 1024),
            // extra time inside each batch's DB transaction with slow-write; a batch takes ~16 ms
            // today, so 20 ms more than doubles it: a slowdown the benchmark gate must flag
            r.integer("defect.slowWriteMs", 20, 1, 60_000));
    r.failIfErrors();
    return config;
  }

  /** The environment variable name for a property: dots and camel humps become underscores. */
  static String envName(String property) {
    return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
  }

  boolean has(Defect defect) {
    return defects.contains(defect);
  }

  private static final class Reader {
    private final Function<String, String> properties;
    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    Reader(Function<String, String> properties, Map<String, String> env) {
      this.properties = properties;
      this.env = env;
    }

    private String raw(String key) {
      String value = properties.apply(key);
      if (value == null) {
        value = env.get(envName(key));
      }
      return value == null ? null : value.trim();
    }

    private String how(String key, String example) {
      return "pass -D" + key + "=" + example + " or set " + envName(key);
    }

    String required(String key, String example) {
      String value = raw(key);
      if (value == null || value.isEmpty()) {
        errors.add(key + " is not set: " + how(key, example));
        return null;
      }
      return value;
    }

    String jdbcUrl(String key) {
      String example = "jdbc:postgresql://127.0.0.1:5432/postgres";
      String value = required(key, example);
      if (value != null && !value.startsWith("jdbc:postgresql:")) {
        errors.add(key + "=" + value + " is not a PostgreSQL JDBC URL: " + how(key, example));
      }
      return value;
    }

    String text(String key, String defaultValue) {
      String value = raw(key);
      if (value == null) {
        return defaultValue;
      }
      if (value.isEmpty()) {
        errors.add(key + " is blank: " + how(key, defaultValue) + " (or unset it for the default)");
      }
      return value;
    }

    int integer(String key, int defaultValue, int min, int max) {
      String value = raw(key);
      if (value == null || value.isEmpty()) {
        return defaultValue;
      }
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      errors.add(
          key
              + "="
              + value
              + " is not a whole number from "
              + min
              + " to "
              + max
              + ": "
              + how(key, Integer.toString(defaultValue)));
      return defaultValue;
    }

    Set<Defect> defects(String key) {
      try {
        return Defect.parseList(raw(key));
      } catch (ConfigException e) {
        errors.add(e.getMessage() + " (" + how(key, "no-idempotency") + ")");
        return Set.of();
      }
    }

    void failIfErrors() {
      if (!errors.isEmpty()) {
        throw new ConfigException(
            "Invalid pipeline-service configuration:\n  " + String.join("\n  ", errors));
      }
    }
  }
}
