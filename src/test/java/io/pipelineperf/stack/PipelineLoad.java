package io.pipelineperf.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Valid pipeline messages sent at a fixed rate with a plain KafkaProducer in a background thread.
 * While it runs, {@link #ackedSoFar()} says which ids Kafka has acknowledged up to now; at the end
 * {@link #acked(Duration)} lists every acknowledged id.
 */
final class PipelineLoad {
  private final Set<UUID> ackedSoFar = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<List<UUID>> done;

  private PipelineLoad(String bootstrap, String topic, int count, int perSecond) {
    this.done = CompletableFuture.supplyAsync(() -> sendNow(bootstrap, topic, count, perSecond));
  }

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

  /** Starts sending {@code count} messages at {@code perSecond}. */
  static PipelineLoad start(String bootstrap, String topic, int count, int perSecond) {
    return new PipelineLoad(bootstrap, topic, count, perSecond);
  }

  /** The ids acknowledged up to now (a copy). */
  Set<UUID> ackedSoFar() {
    return Set.copyOf(ackedSoFar);
  }

  /** Whether every message has been sent and answered (acknowledged or failed). */
  boolean isDone() {
    return done.isDone();
  }

  /** Waits for the end of the load; the acknowledged ids in sending order. */
  List<UUID> acked(Duration max) throws Exception {
    return done.get(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  private List<UUID> sendNow(String bootstrap, String topic, int count, int perSecond) {
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
        acks.add(
            producer.send(
                record,
                (md, e) -> {
                  if (e == null) {
                    ackedSoFar.add(id);
                  }
                }));
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
