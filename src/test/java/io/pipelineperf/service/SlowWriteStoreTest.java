package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planted slow-write defect on a real PostgreSQL: every batch slower, nothing lost. */
class SlowWriteStoreTest {

  private static final int SLOW_MS = 40;
  private static StoreDatabase db;
  private static EmbeddedPostgres postgres;
  private static Database database;

  @BeforeAll
  static void start() throws Exception {
    db = StoreDatabase.start();
    postgres = db.postgres;
    database = db.database;
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private static List<Message> batch(int n) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      messages.add(
          new Message(
              id, "c-" + i, BigDecimal.TEN, "EUR", "{\"id\":\"" + id + "\",\"amount\":10}"));
    }
    return messages;
  }

  /** The median milliseconds of writing 7 batches of 20 messages. */
  private static double medianWriteMs(MessageStore store) throws Exception {
    double[] ms = new double[7];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      store.write(batch(20));
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static long rows() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from pipeline.messages")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void everyBatchTakesTheDelayLongerAndIsStillWritten() throws Exception {
    MessageStore clean = new MessageStore(database, true, false);
    MessageStore slowed = new MessageStore(database, true, false, SLOW_MS);
    medianWriteMs(clean); // warm the pool, the JIT and the procedure's plan
    long before = rows();

    double cleanMs = medianWriteMs(clean);
    double slowedMs = medianWriteMs(slowed);

    System.out.printf(
        "slow-write: median batch %.1f ms clean, %.1f ms slowed%n", cleanMs, slowedMs);
    assertThat(slowedMs).isGreaterThanOrEqualTo(SLOW_MS);
    assertThat(slowedMs - cleanMs).isGreaterThan(SLOW_MS / 2.0);
    assertThat(rows() - before).isEqualTo(2 * 7 * 20);
  }
}
