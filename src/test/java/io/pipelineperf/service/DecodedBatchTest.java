package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DecodedBatchTest {
  private static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");
  private static final UUID C = UUID.fromString("00000000-0000-4000-8000-00000000000c");
  private final MessageDecoder decoder = new MessageDecoder(1024);
  private long offset;

  private ConsumerRecord<byte[], byte[]> record(String value) {
    return record(value.getBytes(StandardCharsets.UTF_8));
  }

  private ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return new ConsumerRecord<>("pipeline.messages", 0, offset++, null, value);
  }

  private static String json(UUID id, String customer, String amount) {
    return "{\"id\":\""
        + id
        + "\",\"customer\":\""
        + customer
        + "\",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\"}";
  }

  @Test
  void validMessagesAreInLockOrderByCustomerThenId() {
    DecodedBatch batch =
        DecodedBatch.of(
            List.of(
                record(json(C, "C-2", "1")),
                record(json(B, "C-1", "1")),
                record(json(A, "C-2", "1"))),
            decoder,
            true);
    assertThat(batch.valid()).extracting(Message::id).containsExactly(B, A, C);
    assertThat(batch.origins().get(A).offset()).isEqualTo(2);
    assertThat(batch.rejected()).isEmpty();
    assertThat(batch.repeatedInBatch()).isEmpty();
  }

  @Test
  void badInputIsRejectedWithItsReasonAndTheBestKnownId() {
    ConsumerRecord<byte[], byte[]> noJson = record("not json");
    noJson.headers().add("message-id", A.toString().getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> badUtf8 = record(new byte[] {'{', (byte) 0xC3, '}'});
    ConsumerRecord<byte[], byte[]> badAmount = record(json(B, "C-1", "\"ten\""));
    ConsumerRecord<byte[], byte[]> badHeader = record("[]");
    badHeader.headers().add("message-id", "not-a-uuid".getBytes(StandardCharsets.UTF_8));

    DecodedBatch batch =
        DecodedBatch.of(
            List.of(noJson, record(json(C, "C-1", "1")), badUtf8, badAmount, badHeader),
            decoder,
            true);

    assertThat(batch.valid()).extracting(Message::id).containsExactly(C);
    assertThat(batch.rejected())
        .extracting(
            DecodedBatch.Rejection::record,
            DecodedBatch.Rejection::code,
            DecodedBatch.Rejection::id)
        .containsExactly(
            tuple(noJson, RejectCode.INVALID_JSON, A),
            tuple(badUtf8, RejectCode.INVALID_UTF8, null),
            tuple(badAmount, RejectCode.INVALID_FIELD, B),
            tuple(badHeader, RejectCode.INVALID_JSON, null));
    assertThat(batch.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
  }

  @Test
  void aRepeatedIdIsWrittenOnceWhenIdempotentAndEveryTimeWithoutIdempotency() {
    ConsumerRecord<byte[], byte[]> first = record(json(A, "C-1", "1"));
    ConsumerRecord<byte[], byte[]> again = record(json(A, "C-1", "1"));

    DecodedBatch idempotent = DecodedBatch.of(List.of(first, again), decoder, true);
    assertThat(idempotent.valid()).extracting(Message::id).containsExactly(A);
    assertThat(idempotent.origins().get(A)).isSameAs(first);
    assertThat(idempotent.repeatedInBatch()).containsExactly(again);

    DecodedBatch planted = DecodedBatch.of(List.of(first, again), decoder, false);
    assertThat(planted.valid()).extracting(Message::id).containsExactly(A, A);
    assertThat(planted.repeatedInBatch()).isEmpty();
  }
}
