package io.pipelineperf.faults.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.faults.DeletedInput;
import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.stack.KafkaBroker;
import io.pipelineperf.stack.Topics;
import io.pipelineperf.verify.Ledger;
import io.pipelineperf.verify.LossAccounting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code topic-missing} on a real broker: the service group's committed offsets are read at the
 * deletion, and only the acknowledged messages at or beyond them, acknowledged before the topic was
 * recreated, count as destroyed by the fault.
 */
class TopicMissingFaultIT {

  private static final String GROUP = "pipeline-service"; // FaultContext's default service group

  private static Path dir;
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    dir = Files.createTempDirectory("topic-missing-it");
    broker = new KafkaBroker(dir, dir.resolve("kafka.log"), "512m");
    broker.start();
  }

  @AfterAll
  static void stopBroker() throws IOException {
    if (broker != null) {
      broker.stop();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void onlyWhatLayBeyondTheCommittedOffsetsIsDestroyed() throws Exception {
    Topics topics = new Topics("it-input", "it-outcomes", "it-dlq", 2);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topics.input(), 2, (short) 1))).all().get();
    }
    Ledger ledger = new Ledger();
    try (KafkaProducer<String, String> producer = producer()) {
      for (int i = 0; i < 100; i++) {
        send(producer, ledger, topics.input(), i % 2); // 50 per partition, offsets 0..49
      }
    }
    // the service consumed and committed 30 of partition 0, nothing of partition 1
    try (KafkaConsumer<String, String> service = consumer()) {
      service.commitSync(Map.of(new TopicPartition(topics.input(), 0), new OffsetAndMetadata(30)));
    }
    TopicMissingFault fault =
        new TopicMissingFault(
            FaultContext.external(
                broker.directBootstrap(), "jdbc:postgresql://unused/x", "u", "", topics));

    fault.inject();
    DeletedInput deleted = fault.deletedInputs().get(0);
    assertThat(deleted.offsetsKnown()).isTrue();
    assertThat(deleted.committedOffsets()).isEqualTo(Map.of(0, 30L));
    assertThat(deleted.recreatedAtMs()).isNull();
    fault.heal();
    assertThat(fault.deletedInputs().get(0).recreatedAtMs()).isNotNull();

    // five more into the recreated topic's partition 1 (offsets 0..4, beyond "no commit")
    try (KafkaProducer<String, String> producer = producer()) {
      for (int i = 0; i < 5; i++) {
        send(producer, ledger, topics.input(), 1);
      }
    }
    // say the reconciliation found every one of them missing
    ledger.forEach(Ledger.Mark.ACKED, List.of(), id -> ledger.mark(id, Ledger.Mark.LOST));

    LossAccounting losses = LossAccounting.of(ledger, fault.deletedInputs());

    assertThat(losses.lostTotal()).isEqualTo(105);
    assertThat(losses.destroyedBy(TopicMissingFault.ID)).isEqualTo(20 + 50);
    assertThat(losses.lostByService()).isEqualTo(30 + 5);
  }

  private static void send(
      KafkaProducer<String, String> producer, Ledger ledger, String topic, int partition)
      throws Exception {
    String id = ledger.messageIds().next();
    ledger.mark(id, Ledger.Mark.SENT);
    RecordMetadata m =
        producer.send(new ProducerRecord<>(topic, partition, id, "{}")).get(30, TimeUnit.SECONDS);
    ledger.acked(id, m.partition(), m.offset(), System.currentTimeMillis());
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.directBootstrap()));
  }

  private static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.directBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.directBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
