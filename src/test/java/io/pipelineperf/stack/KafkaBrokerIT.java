package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {
  private static Path dir;
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    dir = Files.createTempDirectory("kafka-broker-it");
    broker = new KafkaBroker(dir, Path.of("target/it-logs/KafkaBrokerIT/kafka.log"), "512m");
    broker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.stop();
    }
    FileTree.deleteQuietly(dir);
  }

  @Test
  void producesAndConsumesOnBothListenersAndKeepsDataAcrossKill9() throws Exception {
    String topic = "it-" + UUID.randomUUID();
    try (Admin admin = Admin.create(TopicCreator.adminProperties(broker.directBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    produce(broker.directBootstrap(), topic, "direct", 50);
    produce(broker.proxiedBootstrap(), topic, "proxied", 50);
    assertThat(consumeAll(broker.directBootstrap(), topic, 100)).hasSize(100);
    assertThat(consumeAll(broker.proxiedBootstrap(), topic, 100)).hasSize(100);

    long oldPid = broker.pid();
    String bootstrapBefore = broker.directBootstrap();
    broker.kill();
    assertThat(broker.isRunning()).isFalse();
    assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(PortAllocator.isListening(broker.proxiedListenerPort())).isFalse();

    broker.start();
    assertThat(broker.directBootstrap()).isEqualTo(bootstrapBefore);
    List<String> after = consumeAll(broker.directBootstrap(), topic, 100);
    assertThat(after).hasSize(100);
    assertThat(after.stream().filter(v -> v.startsWith("direct"))).hasSize(50);
  }

  @Test
  void pauseAndResume() throws Exception {
    broker.pause();
    try {
      assertThat(broker.isRunning()).isTrue();
    } finally {
      broker.resume();
    }
    String topic = "it-pause-" + UUID.randomUUID();
    try (Admin admin = Admin.create(TopicCreator.adminProperties(broker.directBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    produce(broker.directBootstrap(), topic, "p", 5);
    assertThat(consumeAll(broker.directBootstrap(), topic, 5)).hasSize(5);
  }

  static void produce(String bootstrap, String topic, String prefix, int n) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, prefix + "-" + i)).get();
      }
    }
  }

  static List<String> consumeAll(String bootstrap, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
