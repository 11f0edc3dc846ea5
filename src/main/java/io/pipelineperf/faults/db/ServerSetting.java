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

  ServerSetting(PostgresAdmin db, String faultId, String name) {
    this.db = db;
    this.faultId = faultId;
    this.name = name;
  }

  /** Sets the value and returns once new sessions see it (so the reload has happened). */
  void set(String value) {
    try (Connection c = db.open();
        Statement s = c.createStatement()) {
      s.execute("alter system set " + name + " = '" + value.replace("'", "''") + "'");
      s.execute("select pg_reload_conf()");
    } catch (SQLException e) {
      throw PostgresAdmin.failure(faultId, e);
    }
    awaitSeen(value);
  }

  /** Removes the ALTER SYSTEM value and reloads; idempotent. */
  void reset() {
    db.run(faultId, "alter system reset " + name, "select pg_reload_conf()");
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
