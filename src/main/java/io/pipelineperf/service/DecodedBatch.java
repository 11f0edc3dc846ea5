package io.pipelineperf.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One polled batch, decoded and split before the database sees it: the valid messages to write
 * (sorted by customer, then id, so concurrent transactions lock customer rows in the same order and
 * cannot deadlock each other), in-batch repeats of an id already in the batch, and the rejected
 * records to dead-letter.
 *
 * @param valid messages to write, in lock order
 * @param origins the record each valid message came from
 * @param repeatedInBatch records whose id already occurs earlier in the batch (only when the writes
 *     are idempotent: without idempotency every copy is written)
 * @param rejected records that failed decoding or validation, in poll order
 */
record DecodedBatch(
    List<Message> valid,
    Map<UUID, ConsumerRecord<byte[], byte[]>> origins,
    List<ConsumerRecord<byte[], byte[]>> repeatedInBatch,
    List<Rejection> rejected) {

  /**
   * @param id from the document when readable, else from the {@code message-id} header, else null
   */
  record Rejection(
      ConsumerRecord<byte[], byte[]> record, RejectCode code, String reason, UUID id) {}

  static final Comparator<Message> LOCK_ORDER =
      Comparator.comparing(Message::customer).thenComparing(Message::id);

  static DecodedBatch of(
      Iterable<ConsumerRecord<byte[], byte[]>> records,
      MessageDecoder decoder,
      boolean idempotent) {
    List<Message> valid = new ArrayList<>();
    Map<UUID, ConsumerRecord<byte[], byte[]>> origins = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> repeatedInBatch = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Decoded decoded = decoder.decode(record.value());
      if (decoded instanceof Decoded.Valid v) {
        Message m = v.message();
        if (idempotent && origins.containsKey(m.id())) {
          repeatedInBatch.add(record);
        } else {
          origins.put(m.id(), record);
          valid.add(m);
        }
      } else {
        Decoded.Rejected r = (Decoded.Rejected) decoded;
        UUID id = r.id() != null ? r.id() : headerId(record);
        rejected.add(new Rejection(record, r.code(), r.reason(), id));
      }
    }
    valid.sort(LOCK_ORDER);
    return new DecodedBatch(valid, origins, repeatedInBatch, rejected);
  }

  static UUID headerId(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader("message-id");
    if (header == null || header.value() == null) {
      return null;
    }
    try {
      return UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
