package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.verify.Ledger.Mark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private final Ledger ledger = new Ledger();
  private final MessageIds ids = ledger.messageIds();

  @Test
  void marksAreCountedOncePerId() {
    for (String id : List.of(ids.next(), UUID.randomUUID().toString(), "order-17")) {
      Ledger fresh = new Ledger(ids);

      assertThat(fresh.mark(id, Mark.SENT)).isTrue();
      assertThat(fresh.mark(id, Mark.SENT)).isFalse();
      assertThat(fresh.mark(id, Mark.ACKED)).isTrue();

      assertThat(fresh.count(Mark.SENT)).isEqualTo(1);
      assertThat(fresh.count(Mark.ACKED)).isEqualTo(1);
      assertThat(fresh.count(Mark.PROCESSED)).isZero();
      assertThat(fresh.has(id, Mark.ACKED)).isTrue();
      assertThat(fresh.has(id, Mark.PROCESSED)).isFalse();
      assertThat(fresh.size()).isEqualTo(1);
    }
  }

  @Test
  void everyKindOfIdIsKeptAndVisited() {
    String own = ids.next();
    String foreignUuid = UUID.randomUUID().toString();
    String upperUuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    String template = "order-17";
    String unicode = "commande-é-17\twith tab";
    List<String> all = List.of(own, foreignUuid, upperUuid, template, unicode);
    for (String id : all) {
      ledger.mark(id, Mark.SENT);
      ledger.mark(id, Mark.ACKED);
    }
    ledger.mark(template, Mark.DEAD_LETTERED);

    assertThat(ledger.size()).isEqualTo(5);
    assertThat(ledger.ids(Mark.ACKED, List.of())).containsExactlyInAnyOrderElementsOf(all);
    assertThat(ledger.ids(Mark.ACKED, List.of(Mark.DEAD_LETTERED)))
        .containsExactlyInAnyOrder(own, foreignUuid, upperUuid, unicode);
    assertThat(ledger.count(Mark.ACKED, List.of(Mark.DEAD_LETTERED))).isEqualTo(4);
    assertThat(ledger.has(template, Mark.DEAD_LETTERED)).isTrue();
    assertThat(ledger.has(upperUuid.toLowerCase(Locale.ROOT), Mark.SENT)).isFalse();
  }

  @Test
  void selectsIdsByMarks() {
    String processed = ids.next();
    String deadLettered = ids.next();
    String unacked = ids.next();
    for (String id : List.of(processed, deadLettered, unacked)) {
      ledger.mark(id, Mark.SENT);
    }
    ledger.mark(processed, Mark.ACKED);
    ledger.mark(deadLettered, Mark.ACKED);
    ledger.mark(deadLettered, Mark.DEAD_LETTERED);

    assertThat(ledger.ids(Mark.ACKED, List.of(Mark.DEAD_LETTERED))).containsExactly(processed);
    assertThat(ledger.ids(Mark.SENT, List.of())).hasSize(3);
  }

  @Test
  void keepsTheFirstAcknowledgementWithPartitionOffsetAndTime() {
    String own = ids.next();
    String other = "order-17";
    String http = ids.next();

    assertThat(ledger.acked(own, 3, 12_345_678_901L, 1_795_000_000_123L)).isTrue();
    assertThat(ledger.acked(own, 4, 1, 1_795_000_009_999L)).isFalse();
    ledger.acked(other, 0, 0, 1_795_000_000_456L);
    long before = System.currentTimeMillis();
    ledger.mark(http, Mark.ACKED);

    assertThat(ledger.ack(own)).contains(new Ledger.Ack(3, 12_345_678_901L, 1_795_000_000_123L));
    assertThat(ledger.ack(other)).contains(new Ledger.Ack(0, 0, 1_795_000_000_456L));
    Ledger.Ack untracked = ledger.ack(http).orElseThrow();
    assertThat(untracked.hasOffset()).isFalse();
    assertThat(untracked.ackEpochMs()).isBetween(before, System.currentTimeMillis());
    assertThat(ledger.ack(ids.next())).isEmpty();
    assertThat(ledger.count(Mark.ACKED)).isEqualTo(3);
  }

  @Test
  void aMarkCanBeClearedEverywhere() {
    String own = ids.next();
    String other = "order-17";
    for (String id : List.of(own, other)) {
      ledger.mark(id, Mark.ACKED);
      ledger.mark(id, Mark.LOST);
    }

    ledger.clear(Mark.LOST);

    assertThat(ledger.count(Mark.LOST)).isZero();
    assertThat(ledger.has(own, Mark.LOST)).isFalse();
    assertThat(ledger.has(other, Mark.LOST)).isFalse();
    assertThat(ledger.has(other, Mark.ACKED)).isTrue();
    assertThat(ledger.ids(Mark.LOST, List.of())).isEmpty();
  }

  @Test
  void holdsAMillionIdsOfEveryKindFromManyThreads() throws Exception {
    int threads = 4;
    int perThread = 250_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  List<String> foreign = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    // one in ten from a template, the rest the run's own
                    String id = i % 10 == 0 ? "t" + thread + "-" + i : ids.next();
                    if (i % 10 == 0) {
                      foreign.add(id);
                    }
                    ledger.mark(id, Mark.SENT);
                    ledger.acked(id, i % 6, i, 1_795_000_000_000L + i);
                  }
                  return foreign;
                }));
      }
      List<String> foreign = new ArrayList<>();
      for (Future<List<String>> f : work) {
        foreign.addAll(f.get());
      }

      long all = (long) threads * perThread;
      assertThat(ledger.size()).isEqualTo(all);
      assertThat(ledger.count(Mark.ACKED)).isEqualTo(all);
      assertThat(ledger.count(Mark.ACKED, List.of())).isEqualTo(all);
      assertThat(foreign).allMatch(id -> ledger.has(id, Mark.ACKED));
      long missing = 0;
      for (long seq = 0; seq < all - foreign.size(); seq++) {
        missing += ledger.has(ids.id(seq), Mark.ACKED) ? 0 : 1;
      }
      assertThat(missing).isZero();
      assertThat(ledger.has(ids.id(all), Mark.SENT)).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }
}
