package io.pipelineperf.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The table the Kafka Connect sink writes, created before the worker starts so that it exists (and
 * can be reconciled) from the first moment: one row per message, {@code id} the primary key, the
 * message's fields, and two columns the sink never names: {@code seq} (insertion order, for a
 * completion that follows the table) and {@code written_at} (when the row was written).
 */
final class ConnectTable {
  private ConnectTable() {}

  static String ddl(String table) {
    return "CREATE TABLE IF NOT EXISTS public."
        + table
        + " (id text PRIMARY KEY, customer text, amount double precision, currency text,"
        + " createdat text, note text, seq bigserial NOT NULL UNIQUE,"
        + " written_at timestamptz NOT NULL DEFAULT clock_timestamp())";
  }

  static void create(String jdbcUrl, String user, String password, String table) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(ddl(table));
    } catch (SQLException e) {
      throw new StackStartException("cannot create public." + table + ": " + e, e);
    }
  }
}
