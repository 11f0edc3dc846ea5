package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void idsAreVersion8UuidsWithTheSequenceAtTheEnd() {
    MessageIds ids = MessageIds.forRun();

    String first = ids.next();
    String second = ids.next();
    UUID parsed = UUID.fromString(first);

    assertThat(first).hasSize(36).isEqualTo(parsed.toString());
    assertThat(parsed.version()).isEqualTo(8);
    assertThat(parsed.variant()).isEqualTo(2);
    assertThat(first).endsWith("000000000000");
    assertThat(second).endsWith("000000000001").startsWith(ids.prefix());
    assertThat(ids.issued()).isEqualTo(2);
  }

  @Test
  void theSequenceComesBackFromTheIdInEitherCase() {
    MessageIds ids = MessageIds.withPrefix(0x0123456789abcdefL, 0xfedcba9876543210L);

    assertThat(ids.sequenceOf(ids.id(0))).isZero();
    assertThat(ids.sequenceOf(ids.id(0xabcdef123456L))).isEqualTo(0xabcdef123456L);
    assertThat(ids.sequenceOf(ids.id(MessageIds.MAX_SEQUENCE))).isEqualTo(MessageIds.MAX_SEQUENCE);
    assertThat(ids.sequenceOf(ids.id(42).toUpperCase(Locale.ROOT))).isEqualTo(42);
    assertThat(ids.id(255)).isEqualTo("01234567-89ab-8def-b210-0000000000ff");
  }

  @Test
  void anyOtherStringIsNotOneOfTheRunsIds() {
    MessageIds ids = MessageIds.forRun();
    MessageIds otherRun = MessageIds.forRun();
    String own = ids.next();

    assertThat(otherRun.prefix()).isNotEqualTo(ids.prefix());
    assertThat(ids.sequenceOf(otherRun.next())).isEqualTo(-1);
    assertThat(ids.sequenceOf(UUID.randomUUID().toString())).isEqualTo(-1);
    assertThat(ids.sequenceOf("not-an-id")).isEqualTo(-1);
    assertThat(ids.sequenceOf(null)).isEqualTo(-1);
    assertThat(ids.sequenceOf(own.substring(0, 35) + "g")).isEqualTo(-1);
    assertThat(ids.sequenceOf(own + "0")).isEqualTo(-1);
  }

  @Test
  void idsAreUniqueAcrossThreads() throws Exception {
    MessageIds ids = MessageIds.forRun();
    Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 50_000; i++) {
                  seen.add(ids.next());
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join(60_000);
    }

    assertThat(seen).hasSize(200_000);
    Set<Long> sequences = new HashSet<>();
    seen.forEach(id -> sequences.add(ids.sequenceOf(id)));
    assertThat(sequences).hasSize(200_000).allMatch(s -> s >= 0 && s < 200_000);
  }
}
