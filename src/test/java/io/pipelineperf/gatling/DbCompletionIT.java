package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.stack.PostgresServer;
import io.pipelineperf.verify.Ledger;
import io.pipelineperf.verify.Ledger.Mark;
import io.pipelineperf.verify.ReconcileQuery;
import io.pipelineperf.verify.Reconciler;
import io.pipelineperf.verify.Reconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion by database rows and reconciliation by query on a real PostgreSQL (the lab's own
 * durable server, {@code track_commit_timestamp=on}) and a table the test writes itself, as a
 * pipeline the lab knows nothing about would: text ids, an identity column, no outcome events. The
 * real watcher feeds the real tracker; the real reconciler checks the same ledger.
 */
class DbCompletionIT {

  private static final Duration POLL = Duration.ofMillis(20);
  private static Path dir;
  private static PostgresServer pg;
  private static DbLogin login;
  private static int tables;

  private final Ledger ledger = new Ledger();
  private final OutcomeTracker tracker =
      new OutcomeTracker(ledger, new RunMetrics(), Duration.ofSeconds(60));
  private DbCompletionWatcher watcher;

  @BeforeAll
  static void startPostgres() throws Exception {
    dir = Files.createTempDirectory("db-completion-it");
    pg = new PostgresServer(dir.resolve("data"), Path.of("target/it-logs/DbCompletionIT/pg.log"));
    pg.start();
    login = new DbLogin(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    sql("create schema foreign_pipeline");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    try {
      if (pg != null) {
        pg.destroy();
      }
    } finally {
      Files.deleteIfExists(dir);
    }
  }

  @AfterEach
  void closeWatcher() {
    if (watcher != null) {
      watcher.close();
    }
    tracker.close();
  }

  private static void sql(String... statements) throws SQLException {
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /** A fresh table of the foreign pipeline: text ids, an identity sequence, one row a write. */
  private static String newTable() throws SQLException {
    String table = "foreign_pipeline.orders_" + (++tables);
    sql(
        "create table "
            + table
            + "(seq bigint generated always as identity primary key, order_ref text not null,"
            + " written_at timestamptz not null default clock_timestamp())");
    return table;
  }

  private static void write(Connection c, String table, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("insert into " + table + "(order_ref) values (?)")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static void write(String table, String... ids) throws SQLException {
    try (Connection c = login.connect()) {
      for (String id : ids) {
        write(c, table, id);
      }
    }
  }

  private static DbCompletionSettings settings(String table, String seq, long gapMs) {
    return new DbCompletionSettings(table, "order_ref", seq, Duration.ofMillis(gapMs), 10_000);
  }

  private DbCompletionWatcher watch(String table, long gapMs) {
    watcher =
        new DbCompletionWatcher(login, settings(table, "seq", gapMs), POLL, tracker::onOutcome);
    return watcher;
  }

  /** Awaited by id only, acknowledged as an HTTP ingress acknowledges (no partition, no offset). */
  private void sent(String... ids) {
    for (String id : ids) {
      Pending p =
          new Pending(id, "send", new Slot(EpochNanos.now(), Phase.MEASURED, 0), null, null);
      assertThat(tracker.register(p)).isTrue();
      tracker.acked(id, p.slot, 1_000_000);
    }
  }

  private void awaitProcessed(String... ids) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> List.of(ids).stream().allMatch(id -> ledger.has(id, Mark.PROCESSED)));
  }

  @Test
  void committedRowsCompleteWithTheirLagAndTheQueryReconciliationFindsTheLostAndTheDuplicated()
      throws Exception {
    String table = newTable();
    write(table, "before-the-run"); // already there: not this run's
    watch(table, 5_000);
    sent("ord-1", "ord-2", "ord-never");

    write(table, "ord-1", "ord-2", "not-sent-by-the-run");
    awaitProcessed("ord-1", "ord-2");
    write(table, "ord-2"); // the pipeline wrote it twice
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.has("ord-2", Mark.DUPLICATE_OUTCOME));

    assertThat(ledger.has("ord-never", Mark.PROCESSED)).isFalse();
    assertThat(tracker.outstanding()).as("only ord-never awaited").isEqualTo(1);
    assertThat(ledger.has("not-sent-by-the-run", Mark.SENT)).as("ignored").isFalse();
    assertThat(watcher.rowsSeen()).as("not the row from before the run").isEqualTo(4);
    assertThat(watcher.commitTimestamps()).isTrue();
    assertThat(watcher.lagMicros().getTotalCount()).isEqualTo(4);
    assertThat(watcher.lagMicros().getMaxValue())
        .as("seen within a few polls of the commit")
        .isLessThan(2_000_000);
    Map<String, Object> stats = watcher.statistics();
    assertThat(stats).containsEntry("failedPolls", 0L).containsKey("detectorCpuMs");
    @SuppressWarnings("unchecked")
    Map<String, Object> lag = (Map<String, Object>) stats.get("detectorLag");
    assertThat(lag)
        .containsEntry("available", true)
        .containsEntry("count", 4L)
        .containsKeys("p50Ms", "p95Ms", "p99Ms", "maxMs");
    assertThat(watcher.polls()).isPositive();

    ReconcileQuery query =
        ReconcileQuery.ofQuery(
            "-- the foreign pipeline's ids\nselect order_ref from " + table + " -- all of them\n;");
    Reconciler byQuery = new Reconciler(login.url(), login.user(), login.password(), query);
    byQuery.check();
    Reconciliation result = byQuery.reconcile(ledger);
    assertThat(result.checked()).isEqualTo(3);
    assertThat(result.lostSample()).containsExactly("ord-never");
    assertThat(result.duplicatedSample()).containsExactly("ord-2");

    Completion dbCompletion =
        Completion.from(
            Map.of(
                    "completion", "db",
                    "completion.db.table", table,
                    "completion.db.idColumn", "order_ref")
                ::get);
    Reconciliation byCompletionTable =
        new Reconciler(
                login.url(), login.user(), login.password(), dbCompletion.reconcileFallback())
            .reconcile(ledger);
    assertThat(byCompletionTable.lostSample()).containsExactly("ord-never");
    assertThat(byCompletionTable.duplicatedSample()).containsExactly("ord-2");
  }

  @Test
  void aLowerSequenceThatCommitsAfterAHigherOneIsNotMissedEvenInAnEmptyTable() throws Exception {
    String table = newTable();
    watch(table, 10_000);
    sent("early", "late");
    try (Connection slow = login.connect()) {
      slow.setAutoCommit(false);
      write(slow, table, "early"); // draws the lower sequence value, commits last
      write(table, "late");
      awaitProcessed("late");
      long polls = watcher.polls();
      await().atMost(Duration.ofSeconds(5)).until(() -> watcher.polls() >= polls + 3);
      assertThat(ledger.has("early", Mark.PROCESSED)).as("not committed yet").isFalse();
      slow.commit();
    }
    awaitProcessed("early");

    assertThat(watcher.statistics()).containsEntry("gapsFilled", 1L);
    assertThat(watcher.lagMicros().getMaxValue())
        .as("the late commit is seen promptly too")
        .isLessThan(2_000_000);
    assertThat(tracker.outstanding()).isZero();
  }

  @Test
  void aHoleThatNeverFillsIsGivenUpAfterTheGapTimeout() throws Exception {
    String table = newTable();
    watch(table, 200);
    sent("after-the-hole");
    try (Connection rolledBack = login.connect()) {
      rolledBack.setAutoCommit(false);
      write(rolledBack, table, "rolled-back");
      rolledBack.rollback(); // its sequence value is never a row
    }
    write(table, "after-the-hole");
    awaitProcessed("after-the-hole");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Long.valueOf(1).equals(watcher.statistics().get("gapsGivenUp")));
  }

  @Test
  void wrongSettingsFailBeforeAnyLoadNamingTheSetting() throws Exception {
    String table = newTable();
    assertThatThrownBy(
            () ->
                new DbCompletionWatcher(
                    login, settings(table, "nope", 1000), POLL, tracker::onOutcome))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("-Dcompletion.db.seqColumn=nope does not run: SQLSTATE 42703")
        .hasMessageContaining("set -Dcompletion.db.seqColumn=");
    assertThatThrownBy(
            () ->
                new DbCompletionWatcher(
                    login,
                    settings("foreign_pipeline.missing", "seq", 1000),
                    POLL,
                    tracker::onOutcome))
        .hasMessageStartingWith("-Dcompletion.db.table=foreign_pipeline.missing does not run")
        .hasMessageContaining("42P01");

    assertThatThrownBy(
            () ->
                new Reconciler(
                        login.url(),
                        login.user(),
                        login.password(),
                        ReconcileQuery.ofQuery("select order_id from " + table))
                    .check())
        .hasMessageContaining("-Dreconcile.query=select order_id from " + table)
        .hasMessageContaining("does not run: SQLSTATE 42703")
        .hasMessageContaining("set -Dreconcile.query=");
    assertThatThrownBy(
            () ->
                new Reconciler(
                        login.url(),
                        login.user(),
                        login.password(),
                        ReconcileQuery.ofQuery("select seq, order_ref from " + table))
                    .check())
        .hasMessageContaining("returns 2 columns");
  }
}
