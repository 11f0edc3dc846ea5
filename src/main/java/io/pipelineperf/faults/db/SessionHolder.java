package io.pipelineperf.faults.db;

import java.sql.Connection;
import java.sql.SQLException;

/** One admin session reused by a loop, reopened if it broke; for a single thread. */
final class SessionHolder implements AutoCloseable {
  private final PostgresAdmin db;
  private Connection connection;

  SessionHolder(PostgresAdmin db) {
    this.db = db;
  }

  Connection get() throws SQLException {
    if (connection == null || connection.isClosed() || !connection.isValid(5)) {
      close();
      connection = db.open();
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // already broken: nothing to release on our side
      }
      connection = null;
    }
  }
}
