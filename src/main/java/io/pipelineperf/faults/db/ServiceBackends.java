package io.pipelineperf.faults.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The service's server processes, found by the application_name its pool sets. */
final class ServiceBackends {
  private static final String TERMINATE =
      "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
          + " where application_name = ? and backend_type = 'client backend'"
          + " and pid <> pg_backend_pid()";

  private ServiceBackends() {}

  /** Terminates them (they answer SQLSTATE 57P01 and close); returns how many were signalled. */
  static int terminate(Connection admin, String applicationName) throws SQLException {
    try (PreparedStatement s = admin.prepareStatement(TERMINATE)) {
      s.setString(1, applicationName);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static String checkApplicationName(String faultId, String applicationName) {
    if (applicationName == null || applicationName.isBlank()) {
      throw new IllegalArgumentException(
          faultId
              + ": the service's application_name is blank: pass the name its pool sets, e.g. "
              + PostgresAdmin.SERVICE_APPLICATION_NAME);
    }
    if (applicationName.equals(PostgresAdmin.APPLICATION_NAME)) {
      throw new IllegalArgumentException(
          faultId + ": application_name " + applicationName + " is the faults' own");
    }
    return applicationName;
  }
}
