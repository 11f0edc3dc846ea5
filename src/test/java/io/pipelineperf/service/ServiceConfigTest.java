package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
  private final Map<String, String> props = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private ServiceConfig load() {
    return ServiceConfig.from(props::get, env);
  }

  private void required() {
    props.put("kafka.bootstrap", "127.0.0.1:9092");
    props.put("db.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
  }

  @Test
  void defaultsMatchTheContract() {
    required();
    ServiceConfig c = load();
    assertThat(c.dbUser()).isEqualTo("postgres");
    assertThat(c.dbPassword()).isEqualTo("postgres");
    assertThat(c.dbPoolSize()).isEqualTo(10);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.topicInput()).isEqualTo("pipeline.messages");
    assertThat(c.topicOutcomes()).isEqualTo("pipeline.outcomes");
    assertThat(c.topicDlq()).isEqualTo("pipeline.dlq");
    assertThat(c.consumerGroup()).isEqualTo("pipeline-service");
    assertThat(c.consumerThreads()).isEqualTo(3);
    assertThat(c.consumerMaxPollRecords()).isEqualTo(500);
    assertThat(c.consumerSessionTimeoutMs()).isEqualTo(10_000);
    assertThat(c.messageMaxBytes()).isEqualTo(65536);
    assertThat(c.defects()).isEmpty();
    assertThat(c.defectMemoryHogMbPerSec()).isEqualTo(20);
  }

  @Test
  void sessionTimeoutAndMemoryHogRateAreConfigurableAndBounded() {
    required();
    env.put("CONSUMER_SESSION_TIMEOUT_MS", "6000");
    props.put("defect.memoryHogMbPerSec", "64");
    ServiceConfig c = load();
    assertThat(c.consumerSessionTimeoutMs()).isEqualTo(6000);
    assertThat(c.defectMemoryHogMbPerSec()).isEqualTo(64);

    // below the broker's group.min.session.timeout.ms the consumers could never join
    props.put("consumer.sessionTimeoutMs", "5999");
    props.put("defect.memoryHogMbPerSec", "0");
    assertThatThrownBy(this::load)
        .hasMessageContaining("consumer.sessionTimeoutMs=5999 is not a whole number from 6000")
        .hasMessageContaining("CONSUMER_SESSION_TIMEOUT_MS")
        .hasMessageContaining("defect.memoryHogMbPerSec=0");
  }

  @Test
  void environmentIsUsedWhenNoSystemPropertyAndPropertyWins() {
    env.put("KAFKA_BOOTSTRAP", "127.0.0.1:1");
    env.put("DB_URL", "jdbc:postgresql://127.0.0.1:1/x");
    env.put("DB_POOL_SIZE", "4");
    env.put("CONSUMER_MAX_POLL_RECORDS", "50");
    env.put("MESSAGE_MAX_BYTES", "2048");
    props.put("db.poolSize", "7");
    ServiceConfig c = load();
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:1");
    assertThat(c.dbPoolSize()).isEqualTo(7);
    assertThat(c.consumerMaxPollRecords()).isEqualTo(50);
    assertThat(c.messageMaxBytes()).isEqualTo(2048);
  }

  @Test
  void envNamesAreUpperSnake() {
    assertThat(ServiceConfig.envName("kafka.bootstrap")).isEqualTo("KAFKA_BOOTSTRAP");
    assertThat(ServiceConfig.envName("db.poolSize")).isEqualTo("DB_POOL_SIZE");
    assertThat(ServiceConfig.envName("consumer.maxPollRecords"))
        .isEqualTo("CONSUMER_MAX_POLL_RECORDS");
  }

  @Test
  void missingRequiredSettingsAreNamedWithTheFix() {
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "kafka.bootstrap is not set: pass -Dkafka.bootstrap=host:port[,host:port] or set"
                + " KAFKA_BOOTSTRAP")
        .hasMessageContaining("db.url is not set")
        .hasMessageContaining("DB_URL");
  }

  @Test
  void badNumbersAndUrlsFailFast() {
    required();
    props.put("db.url", "postgres://x");
    props.put("consumer.threads", "zero");
    props.put("http.port", "70000");
    assertThatThrownBy(this::load)
        .hasMessageContaining("db.url=postgres://x is not a PostgreSQL JDBC URL")
        .hasMessageContaining("consumer.threads=zero is not a whole number from 1 to 256")
        .hasMessageContaining("http.port=70000");
  }

  @Test
  void defectsAreParsedAndUnknownNamesFail() {
    required();
    props.put("defect", "no-idempotency, cpu-hog");
    assertThat(load().defects()).isEqualTo(Set.of(Defect.NO_IDEMPOTENCY, Defect.CPU_HOG));
    props.put("defect", "no-idempotency,typo");
    assertThatThrownBy(this::load)
        .hasMessageContaining("unknown name 'typo'")
        .hasMessageContaining("commit-before-write, no-idempotency, no-retry");
  }

  @Test
  void everyDefectNameParses() {
    for (Defect d : Defect.values()) {
      assertThat(Defect.parseList(d.configName())).containsExactly(d);
    }
    assertThat(Defect.parseList("  ")).isEmpty();
  }
}
