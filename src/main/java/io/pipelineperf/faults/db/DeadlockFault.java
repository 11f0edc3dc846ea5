package io.pipelineperf.faults.db;

import io.pipelineperf.faults.BackgroundLoop;
import io.pipelineperf.faults.Fault;
import io.pipelineperf.faults.FaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code db-deadlock}: real deadlocks (40P01) in which a service transaction is the victim.
 *
 * <p>The service writes a batch in one transaction, calling the procedure in customer order, so
 * each call locks that customer's {@code pipeline.customer_totals} row and keeps it to the commit.
 * One round of this fault: (1) lock the row of the greatest customer (byte order, like Java's
 * sort): a service transaction whose batch reaches it waits for us while holding the rows of the
 * smaller customers it already wrote; (2) find such a waiter (pg_blocking_pids names us) and one
 * row it holds (the row's xmax is the waiter's transaction id); (3) request that row. That closes a
 * cycle. Our session sets a long deadlock_timeout, so the waiter's own deadlock check (the server's
 * deadlock_timeout after it began to wait) finds the cycle first and aborts the service's
 * transaction with 40P01; our request is then granted and the round ends with a rollback. Rounds
 * repeat, with a short pause, until healed or the hold time is over.
 *
 * <p>Deadlocks between two sessions of our own would only show up to the service as lock waits;
 * this way the service's real error path (rollback, retry) runs. If no service transaction ever
 * touches the greatest customer's row, no deadlock happens ({@link #deadlocks()} stays 0).
 */
public final class DeadlockFault implements Fault {
  public static final String ID = "db-deadlock";
  private static final Duration PAUSE = Duration.ofMillis(200);
  private static final Duration AWAIT_WAITER = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 20;
  private static final String LOCK_TIMEOUT = "5s"; // bounds a round if the cycle never closes
  private static final Duration STOP_BOUND = Duration.ofSeconds(20);

  private static final String BAIT =
      "select customer from pipeline.customer_totals order by customer collate \"C\" desc"
          + " limit 1 for update";
  private static final String WAITER =
      "select a.backend_xid::text from pg_stat_activity a where a.application_name = ?"
          + " and a.backend_type = 'client backend' and a.backend_xid is not null"
          + " and pg_backend_pid() = any(pg_blocking_pids(a.pid)) limit 1";
  private static final String HELD_BY =
      "select customer from pipeline.customer_totals where xmax = ?::xid and customer <> ? limit 1";
  private static final String CLOSE_CYCLE =
      "select 1 from pipeline.customer_totals where customer = ? for update";

  private final PostgresAdmin db;
  private final String applicationName;
  private final Duration hold;
  private final AtomicInteger deadlocks = new AtomicInteger();
  private final AtomicInteger ownAborts = new AtomicInteger();
  private final AtomicInteger rounds = new AtomicInteger();
  private BackgroundLoop repeater;

  public DeadlockFault(PostgresAdmin db, String applicationName, Duration hold) {
    this.db = db;
    this.applicationName = ServiceBackends.checkApplicationName(ID, applicationName);
    this.hold = BackgroundLoop.checkHold(ID, hold);
  }

  /** Cycles closed in which the service's transaction was aborted (the service saw 40P01). */
  public int deadlocks() {
    return deadlocks.get();
  }

  /** Cycles in which our own session was chosen as the victim instead (not seen by the service). */
  public int ownAborts() {
    return ownAborts.get();
  }

  /** The last failure of a round, if any (rounds go on after one). */
  public synchronized Optional<Exception> lastError() {
    return repeater == null ? Optional.empty() : Optional.ofNullable(repeater.failure());
  }

  /** Rounds started (one bait lock each). */
  public int rounds() {
    return rounds.get();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "repeatedly locks the greatest customer's pipeline.customer_totals row, waits for a"
        + " service transaction ('"
        + applicationName
        + "') to block on it, then requests a row that transaction holds: a real deadlock in"
        + " which PostgreSQL aborts the service's transaction with 40P01 (for up to "
        + hold.toSeconds()
        + " s).";
  }

  @Override
  public String handledMeans() {
    return "transactions aborted with 40P01 are rolled back and retried, nothing is lost or"
        + " duplicated, customer_totals stay consistent with pipeline.messages, and throughput"
        + " recovers after heal";
  }

  @Override
  public synchronized void inject() {
    if (repeater != null) {
      return;
    }
    SessionHolder session = new SessionHolder(db);
    repeater = BackgroundLoop.start(ID, PAUSE, hold, () -> round(session.get()), session::close);
  }

  private void round(Connection c) throws SQLException, InterruptedException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("set local deadlock_timeout = '60s'");
      s.execute("set local lock_timeout = '" + LOCK_TIMEOUT + "'");
      String bait;
      try (ResultSet rs = s.executeQuery(BAIT)) {
        if (!rs.next()) {
          return; // no customer yet
        }
        bait = rs.getString(1);
      }
      rounds.incrementAndGet();
      Optional<String> held = awaitWaiterRow(c, bait);
      if (held.isPresent()) {
        closeCycle(c, held.get());
      }
    } finally {
      rollbackQuietly(c);
    }
  }

  /** A row held by a service transaction that waits for our bait lock, if one shows up in time. */
  private Optional<String> awaitWaiterRow(Connection c, String bait)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + AWAIT_WAITER.toNanos();
    try (PreparedStatement waiter = c.prepareStatement(WAITER);
        PreparedStatement heldBy = c.prepareStatement(HELD_BY)) {
      waiter.setString(1, applicationName);
      while (System.nanoTime() < deadline) {
        clearActivitySnapshot(c);
        String xid = null;
        try (ResultSet rs = waiter.executeQuery()) {
          if (rs.next()) {
            xid = rs.getString(1);
          }
        }
        if (xid != null) {
          heldBy.setString(1, xid);
          heldBy.setString(2, bait);
          try (ResultSet rs = heldBy.executeQuery()) {
            // a waiter that holds no row we can see (it blocked on its first one) cannot deadlock
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
          }
        }
        Thread.sleep(POLL_MILLIS);
      }
    }
    return Optional.empty();
  }

  /** Within a transaction pg_stat_activity is read once and then repeated; read it anew. */
  private static void clearActivitySnapshot(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("select pg_stat_clear_snapshot()");
    }
  }

  private void closeCycle(Connection c, String customer) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLOSE_CYCLE)) {
      s.setString(1, customer);
      s.executeQuery().close();
      deadlocks.incrementAndGet(); // granted: the waiter was aborted
    } catch (SQLException e) {
      if ("40P01".equals(e.getSQLState())) {
        ownAborts.incrementAndGet();
      } else if (!"55P03".equals(e.getSQLState())) { // lock_timeout: the cycle never closed
        throw e;
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the session is broken; SessionHolder reopens it next round
    }
  }

  @Override
  public synchronized void heal() {
    if (repeater != null) {
      boolean ended = repeater.stop(STOP_BOUND);
      repeater = null;
      if (!ended) {
        throw new FaultException(ID + ": the deadlock loop did not end within " + STOP_BOUND);
      }
    }
  }

  @Override
  public Optional<String> skipReason() {
    return db.cannotAdminister("pipeline.customer_totals");
  }
}
