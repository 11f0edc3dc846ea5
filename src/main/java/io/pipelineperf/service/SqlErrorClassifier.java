package io.pipelineperf.service;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Classifies database errors by SQLSTATE (never by message text). */
public final class SqlErrorClassifier {
  public static final String BUSINESS_RULE = "PB001";

  private static final Set<String> TRANSIENT_STATES =
      Set.of("57P01", "57P02", "57P03", "40P01", "40001", "57014", "55P03");

  private SqlErrorClassifier() {}

  public static SqlErrorClass classify(Throwable error) {
    if (findTransientConnection(error)) {
      return SqlErrorClass.TRANSIENT;
    }
    return classify(sqlState(error));
  }

  public static SqlErrorClass classify(String sqlState) {
    if (sqlState == null) {
      return SqlErrorClass.TRANSIENT; // an I/O failure below JDBC, without a server answer
    }
    if (TRANSIENT_STATES.contains(sqlState)
        || sqlState.startsWith("08") // connection exception
        || sqlState.startsWith("53")) { // insufficient resources (e.g. too many connections)
      return SqlErrorClass.TRANSIENT;
    }
    if (sqlState.equals(BUSINESS_RULE)
        || sqlState.startsWith("22") // data exception
        || sqlState.startsWith("23")) { // integrity constraint violation
      return SqlErrorClass.POISON;
    }
    return SqlErrorClass.FATAL;
  }

  /**
   * The most specific SQLSTATE in the error: a batch failure carries the statement's error as its
   * next exception or cause, which is more telling than the batch's own state.
   */
  public static String sqlState(Throwable error) {
    String found = null;
    for (Throwable t = error; t != null; t = next(t)) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        found = sql.getSQLState();
        if (!(sql instanceof BatchUpdateException)) {
          return found;
        }
      }
    }
    return found;
  }

  /**
   * A short description for logs: the message of the most specific error (a batch failure's own
   * message repeats the whole statement with its parameters), cut to a readable length.
   */
  public static String describe(Throwable error) {
    Throwable specific = error;
    for (Throwable t = error; t != null; t = next(t)) {
      specific = t;
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && !(sql instanceof BatchUpdateException)) {
        break;
      }
    }
    String message = String.valueOf(specific.getMessage()).replaceAll("\\s+", " ").trim();
    return message.length() <= 300 ? message : message.substring(0, 300) + "...";
  }

  private static boolean findTransientConnection(Throwable error) {
    for (Throwable t = error; t != null; t = next(t)) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SQLException sql && sql.getNextException() != null) {
      return sql.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }
}
