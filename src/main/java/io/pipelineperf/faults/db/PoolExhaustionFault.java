package io.pipelineperf.faults.db;

import io.pipelineperf.faults.BackgroundLoop;
import io.pipelineperf.faults.Fault;
import io.pipelineperf.faults.FaultException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code db-pool-exhaustion}: the service's connection pool runs dry and cannot refill. The fault
 * takes every free connection slot of the server (up to max_connections, superuser-reserved ones
 * included), then terminates the service's sessions, and keeps doing both every {@value
 * #PERIOD_MILLIS} ms, so each slot a killed session frees goes to us rather than back to the pool.
 * The pool's callers then wait and time out (HikariCP: SQLTransientConnectionException "Connection
 * is not available, request timed out after ...", with 53300 "too many clients" from its refill
 * attempts).
 *
 * <p>Why not hold row locks so the service's connections hang in their transactions: that only
 * exhausts a pool whose callers outnumber its connections. The reference service has 3 consumer
 * threads and a pool of 10, so locks would stall its writers but never empty its pool.
 *
 * <p>While injected, nobody else (monitoring, verification, other faults) can open a session
 * either; sessions already open keep working. The slots are released at heal, at the end of the
 * hold time, or when this JVM exits.
 */
public final class PoolExhaustionFault implements Fault {
  public static final String ID = "db-pool-exhaustion";
  static final long PERIOD_MILLIS = 100;
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private final PostgresAdmin db;
  private final String applicationName;
  private final Duration hold;
  private final List<Connection> slots = new ArrayList<>();
  private int maxConnections;
  private int terminated;
  private BackgroundLoop repeater;

  public PoolExhaustionFault(PostgresAdmin db, String applicationName, Duration hold) {
    this.db = db;
    this.applicationName = ServiceBackends.checkApplicationName(ID, applicationName);
    this.hold = BackgroundLoop.checkHold(ID, hold);
  }

  /** Connection slots held right now. */
  public synchronized int slotsHeld() {
    return slots.size();
  }

  /** Service sessions terminated so far. */
  public synchronized int terminated() {
    return terminated;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "takes every free PostgreSQL connection slot and terminates the sessions of '"
        + applicationName
        + "' every "
        + PERIOD_MILLIS
        + " ms (for up to "
        + hold.toSeconds()
        + " s), so the service's pool loses its connections and cannot open new ones.";
  }

  @Override
  public String handledMeans() {
    return "callers time out waiting for a connection (transient), the service retries with"
        + " backoff and reports not-ready instead of crashing or dead-lettering, nothing is lost;"
        + " after heal the pool refills and the backlog drains without a restart";
  }

  @Override
  public synchronized void inject() {
    if (repeater != null) {
      return;
    }
    try {
      Connection first = db.open();
      slots.add(first);
      try (Statement s = first.createStatement();
          ResultSet rs = s.executeQuery("select current_setting('max_connections')::int")) {
        rs.next();
        maxConnections = rs.getInt(1);
      }
      starve();
    } catch (SQLException | RuntimeException e) {
      releaseSlots();
      throw e instanceof SQLException sql ? PostgresAdmin.failure(ID, sql) : (RuntimeException) e;
    }
    repeater =
        BackgroundLoop.start(
            ID, Duration.ofMillis(PERIOD_MILLIS), hold, this::starve, this::releaseSlots);
  }

  /** Fill the free slots, evict the service, and fill again what the evicted sessions freed. */
  private synchronized void starve() throws SQLException {
    fillFreeSlots();
    terminated += ServiceBackends.terminate(slots.get(0), applicationName);
    fillFreeSlots();
  }

  private void fillFreeSlots() throws SQLException {
    while (slots.size() < maxConnections) { // bounded: the server cannot give more
      try {
        slots.add(db.open());
      } catch (SQLException e) {
        if ("53300".equals(e.getSQLState())) { // too_many_connections: all taken
          return;
        }
        throw e;
      }
    }
  }

  private synchronized void releaseSlots() {
    for (Connection c : slots) {
      try {
        c.close();
      } catch (SQLException e) {
        // a broken session frees its slot anyway
      }
    }
    slots.clear();
  }

  @Override
  public void heal() {
    BackgroundLoop running;
    synchronized (this) {
      running = repeater;
      repeater = null;
    }
    try {
      if (running != null && !running.stop(STOP_BOUND)) {
        throw new FaultException(ID + ": the slot-taking loop did not end within " + STOP_BOUND);
      }
    } finally {
      releaseSlots();
    }
  }

  @Override
  public Optional<String> skipReason() {
    return db.cannotAdminister();
  }
}
