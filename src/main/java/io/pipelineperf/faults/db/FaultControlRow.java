package io.pipelineperf.faults.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named row of {@code pipeline.fault_control}. On every call, {@code pipeline.process_message}
 * loops over the enabled rows; for each, with chance {@code probability} (per call, not per
 * transaction), it sleeps {@code sleep_ms} and then, if {@code sqlstate} is set, raises that
 * SQLSTATE. Changes are seen by the very next call of every session (no caching).
 */
final class FaultControlRow {
  static final String TABLE = "pipeline.fault_control";
  private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

  private final PostgresAdmin db;
  private final String name;

  FaultControlRow(PostgresAdmin db, String name) {
    this.db = db;
    this.name = name;
  }

  void enable(Optional<String> sqlState, Duration sleep, double probability) {
    String upsert =
        "insert into pipeline.fault_control (name, enabled, sqlstate, sleep_ms, probability)"
            + " values (?, true, ?, ?, ?) on conflict (name) do update set enabled = true,"
            + " sqlstate = excluded.sqlstate, sleep_ms = excluded.sleep_ms,"
            + " probability = excluded.probability";
    try (Connection c = db.open();
        PreparedStatement s = c.prepareStatement(upsert)) {
      s.setString(1, name);
      s.setString(2, sqlState.orElse(null));
      s.setInt(3, (int) sleep.toMillis());
      s.setDouble(4, probability);
      s.executeUpdate();
    } catch (SQLException e) {
      throw PostgresAdmin.failure(name, e);
    }
  }

  /** Idempotent: a missing row or table counts as disabled. */
  void disable() {
    try (Connection c = db.open();
        PreparedStatement s =
            c.prepareStatement(
                "update pipeline.fault_control set enabled = false where name = ? and enabled")) {
      s.setString(1, name);
      s.executeUpdate();
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) { // undefined_table: nothing was ever enabled
        throw PostgresAdmin.failure(name, e);
      }
    }
  }

  static double checkProbability(String faultId, double probability) {
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          faultId + ": probability " + probability + " must be > 0 and <= 1 (a fraction of calls)");
    }
    return probability;
  }

  static Duration checkSleep(String faultId, Duration sleep) {
    if (sleep == null || sleep.toMillis() < 1 || sleep.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          faultId
              + ": sleep "
              + sleep
              + " must be at least 1 ms (pipeline.fault_control.sleep_ms)");
    }
    return sleep;
  }

  /** An error SQLSTATE: five digits or upper-case letters, not of the success/warning classes. */
  static String checkSqlState(String faultId, String sqlState) {
    if (sqlState == null
        || !SQLSTATE.matcher(sqlState).matches()
        || sqlState.startsWith("00")
        || sqlState.startsWith("01")
        || sqlState.startsWith("02")) {
      throw new IllegalArgumentException(
          faultId
              + ": SQLSTATE '"
              + sqlState
              + "' is not an error code: use 5 digits/upper-case letters outside classes"
              + " 00/01/02, e.g. 40001, 53300, 57014 or 22023");
    }
    return sqlState;
  }
}
