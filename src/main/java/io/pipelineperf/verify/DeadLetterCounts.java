package io.pipelineperf.verify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Dead letters of one run by reason ({@code dlq.reason.code}): the dead-letter topic's end offsets
 * are noted when the run starts, and {@link #count} reads what was added since. An assigned
 * consumer without a group: nothing is committed anywhere. Every read is bounded in time.
 */
public final class DeadLetterCounts {

  /** The reason of a dead letter without a {@code dlq.reason.code} header. */
  public static final String NO_REASON = "no-reason-header";

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

  private final String bootstrap;
  private final String topic;
  private final Map<TopicPartition, Long> start;

  private DeadLetterCounts(String bootstrap, String topic, Map<TopicPartition, Long> start) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.start = start;
  }

  /** Notes where the dead-letter topic ends now (a missing topic counts as empty). */
  public static DeadLetterCounts from(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> start = new HashMap<>(consumer.endOffsets(partitions));
      return new DeadLetterCounts(bootstrap, topic, start);
    }
  }

  /** Dead letters added since {@link #from}, by reason, reading for at most {@code max}. */
  public Map<String, Long> count(Duration max) {
    Map<String, Long> byReason = new TreeMap<>();
    long deadline = System.nanoTime() + max.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      for (TopicPartition p : partitions) {
        consumer.seek(p, start.getOrDefault(p, 0L));
      }
      while (System.nanoTime() < deadline && !reached(consumer, partitions, end)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
          if (stop != null && r.offset() < stop) {
            byReason.merge(reason(r), 1L, Long::sum);
          }
        }
      }
    }
    return byReason;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition p : partitions) {
      if (consumer.position(p, METADATA_TIMEOUT) < end.getOrDefault(p, 0L)) {
        return false;
      }
    }
    return true;
  }

  private static String reason(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader("dlq.reason.code");
    return h == null ? NO_REASON : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos != null) {
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
    }
    return partitions;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-perf-dlq-count");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(p);
  }
}
