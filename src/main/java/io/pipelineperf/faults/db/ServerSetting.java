package io.pipelineperf.faults.db;

import io.pipelineperf.faults.FaultException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A server-wide setting changed with ALTER SYSTEM plus a configuration reload. Unlike ALTER ROLE or
 * ALTER DATABASE ... SET (read only when a session starts), a reload reaches the sessions already
 * open, such as a connection pool's, at their next command; a value given on the server's command
 * line, or set per role, database or session, still wins over it.
 */
final class ServerSetting {
  private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 50;

  private final PostgresAdmin db;
  private final String faultId;
  private final String name;
  private boolean saved;
  private Optional<String> previous = Optional.empty();

  ServerSetting(PostgresAdmin db, String faultId, String name) {
    this.db = db;
    this.faultId = faultId;
    this.name = name;
  }

  /**
   * Sets the value and returns once new sessions see it (so the reload has happened). The ALTER
   * SYSTEM value found before the first set is kept for {@link #restore()}.
   */
  synchronized void set(String value) {
    try (Connection c = db.open();
        Statement s = c.createStatement()) {
      if (!saved) {
        previous = alterSystemValue(c);
        saved = true;
      }
      s.execute("alter system set " + name + " = " + quoted(value));
      s.execute("select pg_reload_conf()");
    } catch (SQLException e) {
      throw PostgresAdmin.failure(faultId, e);
    }
    awaitSeen(value);
  }

  /**
   * Puts back the ALTER SYSTEM value from before {@link #set} (none: RESET) and reloads;
   * idempotent.
   */
  synchronized void restore() {
    String statement =
        previous.isPresent()
            ? "alter system set " + name + " = " + quoted(previous.get())
            : "alter system reset " + name;
    db.run(faultId, statement, "select pg_reload_conf()");
    saved = false;
    previous = Optional.empty();
  }

  /** The value postgresql.auto.conf holds for the setting, if any. */
  private Optional<String> alterSystemValue(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select setting from pg_file_settings where name = ?"
                + " and sourcefile like '%postgresql.auto.conf' order by seqno desc limit 1")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** The value and its source as a session with the server's defaults sees them. */
  String[] current() {
    try (Connection c = db.openWithServerDefaults();
        PreparedStatement s =
            c.prepareStatement(
                "select setting, coalesce(unit, ''), source from pg_settings where name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new String[] {rs.getString(1) + rs.getString(2), rs.getString(3)};
      }
    } catch (SQLException e) {
      throw PostgresAdmin.failure(faultId, e);
    }
  }

  /** Why ALTER SYSTEM cannot change the setting for new sessions, if so. */
  Optional<String> overridden() {
    String source = current()[1];
    return source.equals("default")
            || source.equals("configuration file")
            || source.equals("environment variable")
        ? Optional.empty()
        : Optional.of(
            name
                + " is set by '"
                + source
                + "', which ALTER SYSTEM cannot override: remove it from the server's start options");
  }

  private void awaitSeen(String value) {
    long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
    String[] seen = current();
    while (!sameValue(seen[0], value)) {
      if (System.nanoTime() > deadline) {
        throw new FaultException(
            faultId
                + ": "
                + name
                + " is still "
                + seen[0]
                + " (source: "
                + seen[1]
                + ") "
                + APPLY_TIMEOUT.toSeconds()
                + " s after ALTER SYSTEM SET "
                + value
                + " and a reload; a command-line, role or database setting overrides it");
      }
      sleep();
      seen = current();
    }
  }

  /** pg_settings shows e.g. "250ms" for statement_timeout set to '250ms'. */
  private static boolean sameValue(String shown, String wanted) {
    return shown.replace(" ", "").equalsIgnoreCase(wanted.replace(" ", ""));
  }

  private void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException(faultId + ": interrupted", e);
    }
  }
}
