package io.pipelineperf.faults.db;

import io.pipelineperf.faults.BackgroundLoop;
import io.pipelineperf.faults.Fault;
import io.pipelineperf.faults.FaultException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code db-connections-killed}: pg_terminate_backend on every server process of the service
 * (matched by application_name, never the faults' own session), once or again every interval for
 * the hold time. A killed session answers its client with SQLSTATE 57P01 and closes.
 */
public final class ConnectionsKilledFault implements Fault {
  public static final String ID = "db-connections-killed";
  private static final Duration STOP_BOUND = Duration.ofSeconds(40);

  private final PostgresAdmin db;
  private final String applicationName;
  private final Duration interval;
  private final Duration hold;
  private final AtomicInteger terminated = new AtomicInteger();
  private BackgroundLoop repeater;

  private ConnectionsKilledFault(
      PostgresAdmin db, String applicationName, Duration interval, Duration hold) {
    this.db = db;
    this.applicationName = ServiceBackends.checkApplicationName(ID, applicationName);
    this.interval = interval;
    this.hold = hold;
  }

  /** Kills the service's sessions once, at inject. */
  public static ConnectionsKilledFault once(PostgresAdmin db, String applicationName) {
    return new ConnectionsKilledFault(db, applicationName, null, null);
  }

  /**
   * Kills the service's sessions at inject and then every {@code interval} until healed or until
   * {@code hold} has passed, so the pool's replacements die too.
   */
  public static ConnectionsKilledFault repeatedly(
      PostgresAdmin db, String applicationName, Duration interval, Duration hold) {
    if (interval == null || interval.toMillis() < 10) {
      throw new IllegalArgumentException(ID + ": interval " + interval + " must be >= 10 ms");
    }
    return new ConnectionsKilledFault(
        db, applicationName, interval, BackgroundLoop.checkHold(ID, hold));
  }

  /** Sessions terminated so far (each counts every time it is killed). */
  public int terminated() {
    return terminated.get();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    String what =
        "pg_terminate_backend of every session with application_name '" + applicationName + "'";
    return interval == null
        ? what + ", once."
        : what + ", every " + interval.toMillis() + " ms for up to " + hold.toSeconds() + " s.";
  }

  @Override
  public String handledMeans() {
    return "the pool evicts the dead connections (57P01/08006) and opens new ones, the interrupted"
        + " transactions are retried, nothing is lost or duplicated, and throughput recovers"
        + " after heal without a restart";
  }

  @Override
  public synchronized void inject() {
    try (Connection c = db.open()) {
      terminated.addAndGet(ServiceBackends.terminate(c, applicationName));
    } catch (SQLException e) {
      throw PostgresAdmin.failure(ID, e);
    }
    if (interval != null && repeater == null) {
      SessionHolder session = new SessionHolder(db);
      repeater =
          BackgroundLoop.start(
              ID,
              interval,
              hold,
              () -> terminated.addAndGet(ServiceBackends.terminate(session.get(), applicationName)),
              session::close);
    }
  }

  @Override
  public synchronized void heal() {
    if (repeater != null) {
      boolean ended = repeater.stop(STOP_BOUND);
      repeater = null;
      if (!ended) {
        throw new FaultException(ID + ": the kill loop did not end within " + STOP_BOUND);
      }
    }
  }

  @Override
  public Optional<String> skipReason() {
    return db.cannotAdminister();
  }
}
