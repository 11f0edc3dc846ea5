package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.verify.Ledger.Mark;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LedgerTest {

  @Test
  void marksAreCountedOncePerId() {
    Ledger ledger = new Ledger();
    String id = UUID.randomUUID().toString();

    assertThat(ledger.mark(id, Mark.SENT)).isTrue();
    assertThat(ledger.mark(id, Mark.SENT)).isFalse();
    assertThat(ledger.mark(id, Mark.ACKED)).isTrue();

    assertThat(ledger.count(Mark.SENT)).isEqualTo(1);
    assertThat(ledger.count(Mark.ACKED)).isEqualTo(1);
    assertThat(ledger.count(Mark.PROCESSED)).isZero();
    assertThat(ledger.has(id, Mark.ACKED)).isTrue();
    assertThat(ledger.has(id, Mark.PROCESSED)).isFalse();
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void keepsIdsThatAreNotUuids() {
    Ledger ledger = new Ledger();

    ledger.mark("not-a-uuid", Mark.SENT);
    ledger.mark("not-a-uuid", Mark.DEAD_LETTERED);

    assertThat(ledger.has("not-a-uuid", Mark.DEAD_LETTERED)).isTrue();
    assertThat(ledger.count(Mark.DEAD_LETTERED)).isEqualTo(1);
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void selectsIdsByMarks() {
    Ledger ledger = new Ledger();
    UUID processed = UUID.randomUUID();
    UUID deadLettered = UUID.randomUUID();
    UUID unacked = UUID.randomUUID();
    for (UUID id : List.of(processed, deadLettered, unacked)) {
      ledger.mark(id, Mark.SENT);
    }
    ledger.mark(processed, Mark.ACKED);
    ledger.mark(deadLettered, Mark.ACKED);
    ledger.mark(deadLettered, Mark.DEAD_LETTERED);

    assertThat(ledger.ids(Mark.ACKED, List.of(Mark.DEAD_LETTERED))).containsExactly(processed);
    assertThat(ledger.ids(Mark.SENT, List.of())).hasSize(3);
  }

  @Test
  void holdsManyIdsFromManyThreads() throws Exception {
    Ledger ledger = new Ledger();
    int threads = 4;
    int perThread = 100_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<UUID>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(
            pool.submit(
                () -> {
                  List<UUID> ids = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    ledger.mark(id, Mark.SENT);
                    ledger.mark(id, Mark.ACKED);
                  }
                  return ids;
                }));
      }
      List<UUID> all = new ArrayList<>();
      for (Future<List<UUID>> f : work) {
        all.addAll(f.get());
      }

      assertThat(ledger.size()).isEqualTo((long) threads * perThread);
      assertThat(ledger.count(Mark.ACKED)).isEqualTo((long) threads * perThread);
      assertThat(all).allMatch(id -> ledger.has(id.toString(), Mark.ACKED));
    } finally {
      pool.shutdownNow();
    }
  }
}
