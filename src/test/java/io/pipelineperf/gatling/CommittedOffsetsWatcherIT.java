package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion by committed offsets against a real broker and a consumer group the lab knows nothing
 * about: a message completes only once that group commits past it, never on another group's commit.
 */
class CommittedOffsetsWatcherIT {

  private static final String TOPIC = "foreign.input";
  private static final String GROUP = "foreign-service";
  private static TestBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start(CommittedOffsetsWatcherIT.class);
    broker.createTopic(TOPIC, 2);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aMessageCompletesOnceTheServiceGroupCommitsPastIt() throws Exception {
    List<String> completed = new CopyOnWriteArrayList<>();
    List<RecordMetadata> landed = new ArrayList<>();
    try (CommittedOffsetsWatcher watcher =
            new CommittedOffsetsWatcher(
                broker.bootstrap(),
                TOPIC,
                GROUP,
                Duration.ofMillis(20),
                (outcome, seen) -> {
                  assertThat(outcome.isProcessed()).isTrue();
                  completed.add(outcome.id());
                });
        KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < 6; i++) {
        RecordMetadata m =
            producer.send(new ProducerRecord<>(TOPIC, 0, null, new byte[] {(byte) i})).get();
        landed.add(m);
        watcher.acked("m" + i, m.topic(), m.partition(), m.offset());
      }
      watcher.acked("elsewhere", "another.topic", 0, 0); // not this group's input: ignored

      commit("some-other-group", 6); // looks alike, but it is not the service's group
      awaitReads(watcher);
      assertThat(completed).isEmpty();

      commit(GROUP, landed.get(3).offset()); // the group will read m3 next: m0-m2 are done
      await().atMost(Duration.ofSeconds(10)).until(() -> completed.size() == 3);
      awaitReads(watcher);
      assertThat(completed).containsExactly("m0", "m1", "m2");

      commit(GROUP, landed.get(5).offset() + 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> completed.size() == 6);
      awaitReads(watcher);
      assertThat(completed).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
      assertThat(watcher.completed()).isEqualTo(6);
    }
  }

  /** Two more reads of the committed offsets than now: whatever they complete has completed. */
  private static void awaitReads(CommittedOffsetsWatcher watcher) {
    long from = watcher.reads();
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.reads() >= from + 2);
  }

  private static void commit(String group, long nextOffset) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(tp));
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(nextOffset)), Duration.ofSeconds(10));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }
}
