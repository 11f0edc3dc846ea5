package io.pipelineperf.bench.detector;

import io.pipelineperf.verify.MessageIds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One writer of the detector benchmark, as a consumer commits its batches: its own JDBC connection
 * and thread; every {@code commitEveryNanos} it inserts the rows of its {@link InsertSchedule} that
 * have fallen due (one batched insert) and commits them in one transaction. Ticks missed while a
 * commit was slow are not made up one by one: the next tick takes every row due by then.
 */
final class PacedWriter {

  /** Rows in one transaction at most (a writer far behind catches up over several). */
  static final int MAX_ROWS_PER_COMMIT = 50_000;

  private final Connection connection;
  private final PreparedStatement insert;
  private final InsertSchedule schedule;
  private final int index;
  private final long commitEveryNanos;
  private final MessageIds ids;
  private final String payload;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong lateMaxNanos = new AtomicLong();
  private final Thread thread;
  private volatile long startNanos;
  private volatile boolean running = true;
  private volatile Exception failure;

  /** Connects now (a wrong table fails here, before any load); writes once started. */
  PacedWriter(
      String url,
      String user,
      String password,
      String table,
      InsertSchedule schedule,
      int index,
      long commitEveryNanos,
      MessageIds ids,
      String payload)
      throws SQLException {
    this.schedule = schedule;
    this.index = index;
    this.commitEveryNanos = commitEveryNanos;
    this.ids = ids;
    this.payload = payload;
    this.connection = DriverManager.getConnection(url, user, password);
    try {
      connection.setAutoCommit(false);
      this.insert =
          connection.prepareStatement("insert into " + table + "(id, payload) values (?, ?)");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    this.thread = new Thread(this::loop, "detector-bench-writer-" + index);
    thread.setDaemon(true);
  }

  /** Starts writing; the schedule counts from {@code startNanos} ({@link System#nanoTime()}). */
  void start(long startNanos) {
    this.startNanos = startNanos;
    thread.start();
  }

  private void loop() {
    long tick = 0;
    try {
      while (running) {
        long now = System.nanoTime();
        long done = written.get();
        long due = Math.min(schedule.dueBy(index, now - startNanos), done + MAX_ROWS_PER_COMMIT);
        if (due > done) {
          commit((int) (due - done));
          long late = System.nanoTime() - startNanos - schedule.intendedNanos(index, done);
          lateMaxNanos.accumulateAndGet(late, Math::max);
        }
        tick = Math.max(tick + 1, (System.nanoTime() - startNanos) / commitEveryNanos);
        long next = startNanos + tick * commitEveryNanos;
        for (long wait = next - System.nanoTime(); wait > 0 && running; ) {
          LockSupport.parkNanos(wait);
          wait = next - System.nanoTime();
        }
      }
    } catch (SQLException | RuntimeException e) {
      failure = e;
    }
  }

  private void commit(int rows) throws SQLException {
    for (int i = 0; i < rows; i++) {
      insert.setString(1, ids.next());
      insert.setString(2, payload);
      insert.addBatch();
    }
    insert.executeBatch();
    connection.commit();
    written.addAndGet(rows);
    commits.incrementAndGet();
  }

  /** Rows committed so far. */
  long written() {
    return written.get();
  }

  /** Transactions committed so far. */
  long commits() {
    return commits.get();
  }

  /** The latest commit of a batch's oldest row after its due time so far, in ns. */
  long lateMaxNanos() {
    return lateMaxNanos.get();
  }

  /** Forgets the lateness so far (the warm-up is over). */
  void resetLate() {
    lateMaxNanos.set(0);
  }

  /** Stops after the transaction in progress and closes the connection; rethrows a failure. */
  void stop() throws SQLException, InterruptedException {
    running = false;
    LockSupport.unpark(thread);
    thread.join(TimeUnit.SECONDS.toMillis(60));
    try {
      connection.close();
    } catch (SQLException e) {
      // closing after a failure: the failure is the news
    }
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not stop within 60 s");
    }
    if (failure instanceof SQLException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
  }
}
