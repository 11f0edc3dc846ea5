package io.pipelineperf.gatling;

import java.sql.SQLException;
import java.util.Locale;

/** Why the completion poll does not run, as an error that names the setting to change. */
final class DryRunError {

  private DryRunError() {}

  static String text(DbCompletionSettings settings, SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    String setting;
    String fix;
    if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
      setting = "-Dcompletion.db.table=" + settings.table();
      fix =
          "set -Dcompletion.db.table= to the [schema.]table the pipeline writes one row per message to";
    } else if (mentions(lower, settings.seqColumn())) {
      setting = "-Dcompletion.db.seqColumn=" + settings.seqColumn();
      fix =
          "set -Dcompletion.db.seqColumn= to a whole-number column that increases with every insert"
              + " (a bigserial or identity column)";
    } else if (mentions(lower, settings.idColumn())) {
      setting = "-Dcompletion.db.idColumn=" + settings.idColumn();
      fix = "set -Dcompletion.db.idColumn= to the column holding the message id";
    } else {
      setting = settings.asFlags();
      fix =
          "check -Dcompletion.db.table=, -Dcompletion.db.idColumn= and -Dcompletion.db.seqColumn="
              + " and that -Ddb.user= may read the table";
    }
    return setting + " does not run: SQLSTATE " + e.getSQLState() + " " + message + ": " + fix;
  }

  /** PostgreSQL quotes the name it could not resolve: {@code column "seq" does not exist}. */
  private static boolean mentions(String lowerMessage, String column) {
    return lowerMessage.contains("\"" + column.toLowerCase(Locale.ROOT) + "\"");
  }
}
