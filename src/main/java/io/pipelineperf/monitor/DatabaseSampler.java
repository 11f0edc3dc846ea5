package io.pipelineperf.monitor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The database's own view (db.*): client sessions by state, lock waits, deadlocks and rollbacks,
 * and {@code db.serviceSessions}: the sessions of the service under test, told by their {@code
 * application_name} (the reference service names its pool's sessions {@value
 * #SERVICE_APPLICATION_NAME}; {@code -Ddb.serviceApplicationName=} for another service). Holds one
 * dedicated connection (not from any pool) and reconnects after a failure.
 */
public final class DatabaseSampler implements Sampler {

  /**
   * The application_name of the reference service's sessions (io.pipelineperf.service.Database).
   */
  public static final String SERVICE_APPLICATION_NAME = "pipeline-service";

  // One round trip per tick. Excludes this session; counts only client backends.
  static final String QUERY =
      "select"
          + " count(*) filter (where a.state = 'active') as active,"
          + " count(*) filter (where a.state = 'idle') as idle,"
          + " count(*) filter (where a.state like 'idle in transaction%') as idle_in_tx,"
          + " count(*) filter (where a.wait_event_type = 'Lock') as waiting_on_lock,"
          + " count(*) as total,"
          + " count(*) filter (where a.application_name = ?) as service_sessions,"
          + " (select count(*) from pg_locks l where not l.granted) as locks_waiting,"
          + " (select coalesce(sum(d.deadlocks), 0) from pg_stat_database d"
          + "    where d.datname = current_database()) as deadlocks,"
          + " (select coalesce(sum(d.xact_rollback), 0) from pg_stat_database d"
          + "    where d.datname = current_database()) as xact_rollback,"
          + " (select coalesce(sum(d.xact_commit), 0) from pg_stat_database d"
          + "    where d.datname = current_database()) as xact_commit"
          + " from pg_stat_activity a"
          + " where a.backend_type = 'client backend' and a.pid <> pg_backend_pid()";

  private final String url;
  private final String user;
  private final String password;
  private final Duration timeout;
  private final String serviceApplicationName;
  private Connection connection;
  private PreparedStatement statement; // prepared on the server after a few uses (pgjdbc)

  public DatabaseSampler(String url, String user, String password, Duration timeout) {
    this(url, user, password, timeout, SERVICE_APPLICATION_NAME);
  }

  public DatabaseSampler(
      String url, String user, String password, Duration timeout, String serviceApplicationName) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.timeout = timeout;
    this.serviceApplicationName = serviceApplicationName;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public String source() {
    return url;
  }

  @Override
  public void sample(Map<String, Double> into) throws SQLException {
    try (ResultSet rs = statement().executeQuery()) {
      rs.next();
      into.put("db.sessions.active", rs.getDouble("active"));
      into.put("db.sessions.idle", rs.getDouble("idle"));
      into.put("db.sessions.idleInTx", rs.getDouble("idle_in_tx"));
      into.put("db.sessions.waitingOnLock", rs.getDouble("waiting_on_lock"));
      into.put("db.sessions.total", rs.getDouble("total"));
      into.put("db.serviceSessions", rs.getDouble("service_sessions"));
      into.put("db.locks.waiting", rs.getDouble("locks_waiting"));
      into.put("db.deadlocks", rs.getDouble("deadlocks"));
      into.put("db.xact.rollback", rs.getDouble("xact_rollback"));
      into.put("db.xact.commit", rs.getDouble("xact_commit"));
    } catch (SQLException e) {
      closeConnection();
      throw e;
    }
  }

  private PreparedStatement statement() throws SQLException {
    if (statement == null) {
      statement = connection().prepareStatement(QUERY);
      statement.setString(1, serviceApplicationName);
    }
    return statement;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      int seconds = (int) Math.max(1, timeout.toSeconds());
      Properties props = new Properties();
      props.setProperty("user", user == null ? "" : user);
      props.setProperty("password", password == null ? "" : password);
      props.setProperty("ApplicationName", "pipeline-perf-monitor");
      props.setProperty("connectTimeout", String.valueOf(seconds));
      props.setProperty("socketTimeout", String.valueOf(seconds + 1));
      props.setProperty("loginTimeout", String.valueOf(seconds));
      props.setProperty("options", "-c statement_timeout=" + timeout.toMillis());
      connection = DriverManager.getConnection(url, props);
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is broken anyway; a new one is opened next tick
      }
      connection = null;
      statement = null;
    }
  }

  @Override
  public void close() {
    closeConnection();
  }
}
