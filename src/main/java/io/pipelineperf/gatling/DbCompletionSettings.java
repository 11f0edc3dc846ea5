package io.pipelineperf.gatling;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where completion by database rows looks ({@code -Dcompletion=db}): the table the pipeline writes
 * ({@code -Dcompletion.db.table=}, default {@code pipeline.messages}), its message id column
 * ({@code -Dcompletion.db.idColumn=}, {@code message_id}), a column that increases with every
 * insert ({@code -Dcompletion.db.seqColumn=}, {@code seq}: a bigserial or identity), how long a
 * hole in that column is re-polled before it is given up ({@code -Dcompletion.db.gapMs=}, 5000) and
 * the most rows one poll reads ({@code -Dcompletion.db.batch=}, 10000). Every SQL statement of the
 * watcher is built here.
 */
public record DbCompletionSettings(
    String table, String idColumn, String seqColumn, Duration gapTimeout, int batchLimit) {

  public static final String DEFAULT_TABLE = "pipeline.messages";
  public static final String DEFAULT_ID_COLUMN = "message_id";
  public static final String DEFAULT_SEQ_COLUMN = "seq";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  public DbCompletionSettings {
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "-Dcompletion.db.table='"
              + table
              + "' is not a table name: use [schema.]table of letters, digits and _, e.g. "
              + DEFAULT_TABLE);
    }
    requireColumn("idColumn", idColumn, DEFAULT_ID_COLUMN);
    requireColumn("seqColumn", seqColumn, DEFAULT_SEQ_COLUMN);
    if (gapTimeout.isNegative() || gapTimeout.toMillis() > 600_000) {
      throw new IllegalArgumentException(
          "-Dcompletion.db.gapMs=" + gapTimeout.toMillis() + " must be 0-600000 ms");
    }
    if (batchLimit < 1 || batchLimit > 1_000_000) {
      throw new IllegalArgumentException(
          "-Dcompletion.db.batch=" + batchLimit + " must be 1-1000000 rows");
    }
  }

  private static void requireColumn(String setting, String column, String example) {
    if (column == null || !IDENTIFIER.matcher(column).matches()) {
      throw new IllegalArgumentException(
          "-Dcompletion.db."
              + setting
              + "='"
              + column
              + "' is not a column name: use letters, digits and _, e.g. "
              + example);
    }
  }

  /** From system properties (or any lookup of them, for tests). */
  static DbCompletionSettings from(UnaryOperator<String> properties) {
    return new DbCompletionSettings(
        value(properties, "completion.db.table", DEFAULT_TABLE),
        value(properties, "completion.db.idColumn", DEFAULT_ID_COLUMN),
        value(properties, "completion.db.seqColumn", DEFAULT_SEQ_COLUMN),
        Duration.ofMillis(number(properties, "completion.db.gapMs", 5_000)),
        (int) number(properties, "completion.db.batch", 10_000));
  }

  private static String value(UnaryOperator<String> properties, String key, String fallback) {
    String v = properties.apply(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  private static long number(UnaryOperator<String> properties, String key, long fallback) {
    String v = properties.apply(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + key + "=" + v + " is not a whole number", e);
    }
  }

  /** The settings as a user types them, for error messages. */
  String asFlags() {
    return "-Dcompletion.db.table="
        + table
        + " -Dcompletion.db.idColumn="
        + idColumn
        + " -Dcompletion.db.seqColumn="
        + seqColumn;
  }

  /** The highest sequence value already in the table: rows up to it are not this run's. */
  String highWaterMark() {
    return "select max(" + seqColumn + ")::bigint from " + table;
  }

  /**
   * For an empty table: the last value its serial or identity sequence handed out (before its start
   * value when it never did); no row when the column has no such sequence. Parameters: the table
   * and the column.
   */
  String sequenceLastValue() {
    return "select coalesce(pg_sequence_last_value(s.seqrelid), s.seqstart - s.seqincrement)"
        + " from pg_sequence s where s.seqrelid = pg_get_serial_sequence(?, ?)::regclass";
  }

  /**
   * Rows above the high-water mark (parameter 1) or in one of the holes below it (parameter 2, a
   * bigint array), lowest first, at most parameter 3: id as text, sequence value, and the commit
   * time of the row's transaction in epoch microseconds (null without commit timestamps).
   */
  String poll(boolean commitTimestamps) {
    String committed =
        commitTimestamps
            ? "(extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
            : "null::bigint";
    String columns =
        "select " + idColumn + "::text, " + seqColumn + "::bigint, " + committed + " from " + table;
    // two branches, not one "seq > ? or seq = any(?)": the OR makes PostgreSQL scan the whole table
    // on every poll instead of reading the index range above the mark
    return "("
        + columns
        + " where "
        + seqColumn
        + " > ? order by "
        + seqColumn
        + " limit ?) union all ("
        + columns
        + " where "
        + seqColumn
        + " = any(?)) order by 2 limit ?";
  }
}
