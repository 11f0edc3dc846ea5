package io.pipelineperf.faults.db;

import io.pipelineperf.faults.FaultException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * Superuser connections for the faults, separate from the service's pool. Every session the faults
 * open carries {@link #APPLICATION_NAME} and turns off statement, lock and idle timeouts at
 * startup, so a server-wide timeout injected by one fault never hits the faults' own sessions.
 */
public final class PostgresAdmin {
  public static final String APPLICATION_NAME = "pipeline-faults";

  /** The application_name the reference service's pool sets (io.pipelineperf.service.Database). */
  public static final String SERVICE_APPLICATION_NAME = "pipeline-service";

  private static final int CONNECT_TIMEOUT_SECONDS = 5;
  private static final int SOCKET_TIMEOUT_SECONDS = 30;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public PostgresAdmin(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "faults: JDBC url '"
              + jdbcUrl
              + "' is not a PostgreSQL url: pass jdbc:postgresql://127.0.0.1:<port>/<database>");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException(
          "faults: database user is blank: pass a superuser (e.g. postgres)");
    }
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** An autocommit session with no statement, lock or idle-in-transaction timeout. */
  public Connection open() throws SQLException {
    Properties props = baseProperties();
    props.setProperty(
        "options",
        "-c statement_timeout=0 -c lock_timeout=0 -c idle_in_transaction_session_timeout=0");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  /** A session with the server's defaults, to observe settings the way a client sees them. */
  Connection openWithServerDefaults() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, baseProperties());
  }

  private Properties baseProperties() {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("ApplicationName", APPLICATION_NAME);
    props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    return props;
  }

  /** Why the faults cannot work through this connection (unreachable, not superuser), if so. */
  public Optional<String> cannotAdminister() {
    try (Connection c = open();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        return Optional.of(
            "database user '" + user + "' is not a superuser: the database faults need one");
      }
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          "cannot connect to "
              + jdbcUrl
              + " as "
              + user
              + " (SQLSTATE "
              + e.getSQLState()
              + "): "
              + e.getMessage());
    }
  }

  /** Like {@link #cannotAdminister()}, and also requires the given table (schema-qualified). */
  Optional<String> cannotAdminister(String requiredTable) {
    Optional<String> reason = cannotAdminister();
    if (reason.isPresent()) {
      return reason;
    }
    try (Connection c = open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('" + requiredTable + "') is not null")) {
      rs.next();
      return rs.getBoolean(1)
          ? Optional.empty()
          : Optional.of(
              "table "
                  + requiredTable
                  + " does not exist at "
                  + jdbcUrl
                  + ": start the service once so Flyway applies its migrations");
    } catch (SQLException e) {
      return Optional.of("cannot check " + requiredTable + ": " + e.getMessage());
    }
  }

  /** Runs statements in one autocommit session each, wrapping failures for the given fault. */
  void run(String faultId, String... statements) {
    try (Connection c = open();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw failure(faultId, e);
    }
  }

  static FaultException failure(String faultId, SQLException e) {
    return new FaultException(
        faultId
            + ": database statement failed (SQLSTATE "
            + e.getSQLState()
            + "): "
            + e.getMessage(),
        e);
  }
}
