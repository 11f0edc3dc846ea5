package io.pipelineperf.faults.kafka;

import io.pipelineperf.faults.BackgroundLoop;
import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code poison-messages}: while injected, a producer of its own mixes malformed messages into the
 * input topic: invalid JSON, JSON of the wrong schema (no {@code amount}), oversized (more than the
 * service's message.maxBytes) and invalid UTF-8, round robin, {@value #PER_SECOND} per second. Each
 * carries a fresh id in the {@code message-id} header. Every acknowledged one is recorded ({@link
 * #sent()}) with the DLQ reason code the README contract expects, so the run can check that each
 * landed in the DLQ ({@link #missingFromDlq(Duration)}).
 */
public final class PoisonMessagesFault extends SimpleFault {
  public static final String ID = "poison-messages";
  static final int PER_SECOND = 5;
  private static final int MAX_MESSAGES = 10_000; // bound even for a long hold
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  /** The kinds of poison and the {@code dlq.reason.code} each must get. */
  public enum Kind {
    INVALID_JSON("invalid-json"),
    WRONG_SCHEMA("missing-field"),
    OVERSIZED("oversized"),
    INVALID_UTF8("invalid-utf8");

    private final String reasonCode;

    Kind(String reasonCode) {
      this.reasonCode = reasonCode;
    }

    public String reasonCode() {
      return reasonCode;
    }
  }

  /** One acknowledged poison message. */
  public record Sent(UUID id, Kind kind, Instant at) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final int maxBytes;
  private BackgroundLoop loop;
  private int counter;

  public PoisonMessagesFault(FaultContext context) {
    super(
        ID,
        "a producer mixes malformed messages into '"
            + context.topics().input()
            + "', "
            + PER_SECOND
            + "/s round robin: invalid JSON, wrong schema (no amount), oversized (> message.maxBytes)"
            + " and invalid UTF-8, each with a message-id header; heal stops it.",
        "every poison message lands in the DLQ '"
            + context.topics().dlq()
            + "' with the expected dlq.reason.code (invalid-json, missing-field, oversized,"
            + " invalid-utf8) and message-id header, none reaches pipeline.messages, the service"
            + " neither crashes nor stalls, and valid messages around them flow on",
        context);
    this.maxBytes = Integer.parseInt(context.serviceSetting("message.maxBytes", "65536"));
  }

  @Override
  public Optional<String> skipReason() {
    return Optional.empty(); // only needs the broker
  }

  /** The poison messages the broker acknowledged so far. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  @Override
  public synchronized void inject() {
    if (loop != null) {
      return;
    }
    KafkaProducer<byte[], byte[]> producer = producer();
    long period = 1000 / PER_SECOND;
    loop =
        BackgroundLoop.start(
            "fault-" + ID,
            context.maxHold(),
            () -> {
              if (sent.size() >= MAX_MESSAGES) {
                Thread.sleep(period);
                return;
              }
              sendOne(producer);
              Thread.sleep(period);
            },
            () -> producer.close(Duration.ofSeconds(10)));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.kafkaBootstrap());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "pipeline-faults-" + ID);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1_048_576, maxBytes * 2 + 4096));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  private void sendOne(KafkaProducer<byte[], byte[]> producer) throws Exception {
    Kind kind = Kind.values()[counter++ % Kind.values().length];
    UUID id = UUID.randomUUID();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            context.topics().input(), "poison".getBytes(StandardCharsets.UTF_8), value(kind, id));
    record.headers().add("message-id", id.toString().getBytes(StandardCharsets.UTF_8));
    producer.send(record).get(15, TimeUnit.SECONDS);
    sent.add(new Sent(id, kind, Instant.now()));
  }

  /** The malformed value of a kind; the id is also inside where the format allows. */
  byte[] value(Kind kind, UUID id) {
    String valid =
        String.format(
            Locale.ROOT,
            "{\"id\":\"%s\",\"customer\":\"C-POISON\",\"amount\":1.00,\"currency\":\"EUR\"}",
            id);
    return switch (kind) {
      case INVALID_JSON ->
          ("{\"id\":\"" + id + "\",\"customer\":").getBytes(StandardCharsets.UTF_8);
      case WRONG_SCHEMA ->
          ("{\"id\":\"" + id + "\",\"customer\":\"C-POISON\",\"currency\":\"EUR\"}")
              .getBytes(StandardCharsets.UTF_8);
      case OVERSIZED -> {
        String note = "x".repeat(maxBytes + 1024);
        yield (valid.substring(0, valid.length() - 1) + ",\"note\":\"" + note + "\"}")
            .getBytes(StandardCharsets.UTF_8);
      }
      case INVALID_UTF8 -> {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        byte[] broken = Arrays.copyOf(bytes, bytes.length + 2);
        // a lone continuation byte and a truncated two-byte sequence before the closing brace
        broken[bytes.length - 1] = (byte) 0x80;
        broken[bytes.length] = (byte) 0xC3;
        broken[bytes.length + 1] = '}';
        yield broken;
      }
    };
  }

  @Override
  public synchronized void heal() {
    if (loop == null) {
      return;
    }
    BackgroundLoop running = loop;
    loop = null;
    if (!running.stop(STOP_BOUND)) {
      throw new FaultException(ID + ": the poison producer did not stop within " + STOP_BOUND);
    }
  }

  /**
   * Reads the DLQ from the beginning until every recorded poison message is found with its expected
   * reason code, or {@code max} has passed; returns those still missing (or found with another
   * code).
   */
  public List<Sent> missingFromDlq(Duration max) {
    Map<UUID, Sent> expected = new HashMap<>();
    sent().forEach(s -> expected.put(s.id(), s));
    if (expected.isEmpty()) {
      return List.of();
    }
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, context.kafkaBootstrap());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-faults-dlq-check");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    long deadline = System.nanoTime() + max.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info :
          consumer.partitionsFor(context.topics().dlq(), Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions); // no group: nothing committed anywhere
      consumer.seekToBeginning(partitions);
      while (!expected.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String id = header(r, "message-id");
          String code = header(r, "dlq.reason.code");
          if (id == null || code == null) {
            continue;
          }
          try {
            Sent s = expected.get(UUID.fromString(id));
            if (s != null && s.kind().reasonCode().equals(code)) {
              expected.remove(s.id());
            }
          } catch (IllegalArgumentException notAUuid) {
            // someone else's dead letter
          }
        }
      }
    }
    return List.copyOf(expected.values());
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
