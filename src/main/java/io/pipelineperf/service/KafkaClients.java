package io.pipelineperf.service;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builds the service's Kafka clients with the settings the delivery guarantees rely on. */
final class KafkaClients {
  private KafkaClients() {}

  /** For HTTP ingress: short blocking and delivery bounds so a dead broker becomes a quick 503. */
  static KafkaProducer<byte[], byte[]> ingressProducer(ServiceConfig config) {
    Map<String, Object> props = producerBase(config, "pipeline-service-ingress");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
    // Below IngressServer's 10 s ack cap, so Kafka's own expiry answers first (as a 503).
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8000);
    return new KafkaProducer<>(props);
  }

  /** For outcome events and dead letters: the consumer waits for their acks before committing. */
  static KafkaProducer<byte[], byte[]> outputProducer(ServiceConfig config) {
    Map<String, Object> props = producerBase(config, "pipeline-service-output");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props);
  }

  private static Map<String, Object> producerBase(ServiceConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // The default 16 KB holds ~15 one-KB records: with 5 requests in flight and 6 partitions a slow
    // round trip would cap a producer below 1000 records/s.
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return props;
  }

  static KafkaConsumer<byte[], byte[]> consumer(ServiceConfig config, int index) {
    return new KafkaConsumer<>(consumerProperties(config, index));
  }

  /**
   * A short session timeout moves a crashed service's partitions within seconds instead of the
   * default 45 s (the classic protocol, pinned here, is the one that honours the client's value;
   * with KIP-848's "consumer" protocol the broker would decide). A graceful close still leaves the
   * group at once.
   */
  static Map<String, Object> consumerProperties(ServiceConfig config, int index) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.consumerSessionTimeoutMs());
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        heartbeatIntervalMs(config.consumerSessionTimeoutMs()));
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-service-consumer-" + index);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumerMaxPollRecords());
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.consumerFetchMinBytes());
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, config.consumerFetchMaxWaitMs());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** A fifth of the session: a few lost heartbeats do not cost the membership. */
  static int heartbeatIntervalMs(int sessionTimeoutMs) {
    return Math.max(500, sessionTimeoutMs / 5);
  }

  static Admin admin(ServiceConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-service-readiness");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500);
    return Admin.create(props);
  }
}
