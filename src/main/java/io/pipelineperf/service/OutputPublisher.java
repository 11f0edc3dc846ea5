package io.pipelineperf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes outcome events and dead-letter records for one batch, then waits for all their acks.
 * One instance per consumer thread (the producer itself is shared and thread-safe).
 */
public final class OutputPublisher {
  public static final String PROCESSED = "processed";
  public static final String DUPLICATE = "duplicate";
  public static final String DEAD_LETTERED = "dead-lettered";

  private static final ObjectWriter OUTCOME_JSON = new ObjectMapper().writerFor(Outcome.class);

  /** The outcome event's JSON shape (field order as in the contract). */
  public record Outcome(String id, String status, String reason, String processedAt) {}

  private final Producer<byte[], byte[]> producer;
  private final String outcomesTopic;
  private final String dlqTopic;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();

  public OutputPublisher(Producer<byte[], byte[]> producer, String outcomesTopic, String dlqTopic) {
    this.producer = producer;
    this.outcomesTopic = outcomesTopic;
    this.dlqTopic = dlqTopic;
  }

  public void outcome(UUID id, String status, String reason) {
    String key = id.toString();
    byte[] value;
    try {
      value = OUTCOME_JSON.writeValueAsBytes(new Outcome(key, status, reason, now()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an outcome event", e);
    }
    pending.add(
        producer.send(
            new ProducerRecord<>(outcomesTopic, key.getBytes(StandardCharsets.UTF_8), value)));
  }

  /** The original key and value, with headers naming the reason and the origin. */
  public void deadLetter(
      ConsumerRecord<byte[], byte[]> original, RejectCode code, String reason, UUID id) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("dlq.reason.code", utf8(code.code()));
    headers.add("dlq.reason", utf8(reason));
    headers.add("dlq.original.topic", utf8(original.topic()));
    headers.add("dlq.original.partition", utf8(Integer.toString(original.partition())));
    headers.add("dlq.original.offset", utf8(Long.toString(original.offset())));
    headers.add("dlq.failed.at", utf8(now()));
    if (id != null) {
      headers.add("message-id", utf8(id.toString()));
    }
    pending.add(
        producer.send(
            new ProducerRecord<>(dlqTopic, null, original.key(), original.value(), headers)));
  }

  /**
   * Waits until every record sent since the last call is acknowledged; throws on the first failure.
   */
  public void awaitAcks(long timeoutMs) throws ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      for (Future<RecordMetadata> future : pending) {
        long remaining = Math.max(0, deadline - System.nanoTime());
        future.get(remaining, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecutionException("interrupted while awaiting Kafka acks", e);
    } finally {
      pending.clear();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String now() {
    return Instant.now().toString();
  }
}
