package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private static ServiceConfig config(Map<String, String> extra) {
    Map<String, String> props =
        new java.util.HashMap<>(
            Map.of(
                "kafka.bootstrap", "127.0.0.1:9092",
                "db.url", "jdbc:postgresql://127.0.0.1:5432/postgres"));
    props.putAll(extra);
    return ServiceConfig.from(props::get, Map.of());
  }

  @Test
  void consumersUseTheConfiguredSessionTimeoutWithAMatchingHeartbeat() {
    Map<String, Object> props = KafkaClients.consumerProperties(config(Map.of()), 0);
    assertThat(props)
        .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-service");

    Map<String, Object> custom =
        KafkaClients.consumerProperties(config(Map.of("consumer.sessionTimeoutMs", "30000")), 1);
    assertThat(custom)
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 6_000);
  }

  @Test
  void heartbeatStaysWellBelowTheSessionTimeout() {
    for (int session : new int[] {6_000, 10_000, 45_000, 1_800_000}) {
      assertThat(KafkaClients.heartbeatIntervalMs(session)).isLessThanOrEqualTo(session / 3);
    }
  }

  @Test
  void aKafkaConsumerIsBuiltFromThePropertiesAndTheHeartbeatRuleIsEnforcedThere() {
    // KafkaConsumer, not ConsumerConfig, checks heartbeat < session; building one connects nowhere
    for (String session : new String[] {"6000", "10000", "45000"}) {
      ServiceConfig config = config(Map.of("consumer.sessionTimeoutMs", session));
      try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, 0)) {
        assertThat(consumer.groupMetadata().groupId()).isEqualTo("pipeline-service");
      }
      ConsumerConfig parsed = new ConsumerConfig(KafkaClients.consumerProperties(config, 0));
      assertThat(parsed.getInt(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))
          .isEqualTo(Integer.parseInt(session));
      assertThat(parsed.getInt(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))
          .isLessThan(Integer.parseInt(session));
    }

    Map<String, Object> broken = KafkaClients.consumerProperties(config(Map.of()), 0);
    broken.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 10_000);
    assertThatThrownBy(() -> new KafkaConsumer<byte[], byte[]>(broken).close())
        .isInstanceOf(KafkaException.class)
        .rootCause()
        .hasMessageContaining("Heartbeat must be set lower than the session timeout");
  }
}
