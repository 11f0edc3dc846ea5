package io.pipelineperf.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends valid pipeline messages at a fixed rate with a plain KafkaProducer; returns acked ids. */
final class PipelineLoad {
  private PipelineLoad() {}

  static String json(UUID id, String customer, int cents) {
    return String.format(
        Locale.ROOT,
        "{\"id\":\"%s\",\"customer\":\"%s\",\"amount\":%d.%02d,\"currency\":\"EUR\","
            + "\"createdAt\":\"%s\",\"note\":\"verdict-it\"}",
        id,
        customer,
        cents / 100,
        cents % 100,
        Instant.now());
  }

  /** Starts sending {@code count} messages at {@code perSecond} in a background thread. */
  static CompletableFuture<List<UUID>> send(
      String bootstrap, String topic, int count, int perSecond) {
    return CompletableFuture.supplyAsync(() -> sendNow(bootstrap, topic, count, perSecond));
  }

  private static List<UUID> sendNow(String bootstrap, String topic, int count, int perSecond) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    List<UUID> ids = new ArrayList<>(count);
    List<Future<RecordMetadata>> acks = new ArrayList<>(count);
    long periodNanos = 1_000_000_000L / perSecond;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long wait = start + i * periodNanos - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        UUID id = UUID.randomUUID();
        String customer = String.format(Locale.ROOT, "C-%06d", i % 97);
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(
                topic,
                customer,
                json(id, customer, 100 + i % 5000).getBytes(StandardCharsets.UTF_8));
        record.headers().add("message-id", id.toString().getBytes(StandardCharsets.UTF_8));
        ids.add(id);
        acks.add(producer.send(record));
      }
      producer.flush();
      List<UUID> acked = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        try {
          acks.get(i).get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
          acked.add(ids.get(i));
        } catch (Exception notAcked) {
          // an unacknowledged message is not owed to the pipeline
        }
      }
      return acked;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
