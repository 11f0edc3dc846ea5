package io.pipelineperf.verify;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the pipeline writes its messages ({@code -Dreconcile.table=}, default {@code
 * pipeline.messages}; {@code -Dreconcile.idColumn=}, default {@code message_id}) and every SQL
 * statement the reconciliation runs: the acknowledged ids are copied into a temporary table and ONE
 * anti-join/aggregate compares them, as text, with the table. This is the only place that knows the
 * table's shape.
 */
public record ReconcileQuery(String table, String idColumn) {

  public static final String DEFAULT_TABLE = "pipeline.messages";
  public static final String DEFAULT_ID_COLUMN = "message_id";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  static final String TEMP_TABLE = "reconcile_acked";

  public ReconcileQuery {
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "-Dreconcile.table='"
              + table
              + "' is not a table name: use [schema.]table of letters, digits and _, e.g. "
              + DEFAULT_TABLE);
    }
    if (idColumn == null || !IDENTIFIER.matcher(idColumn).matches()) {
      throw new IllegalArgumentException(
          "-Dreconcile.idColumn='"
              + idColumn
              + "' is not a column name: use letters, digits and _, e.g. "
              + DEFAULT_ID_COLUMN);
    }
  }

  public static ReconcileQuery defaults() {
    return new ReconcileQuery(DEFAULT_TABLE, DEFAULT_ID_COLUMN);
  }

  public static ReconcileQuery fromSystemProperties() {
    return new ReconcileQuery(
        System.getProperty("reconcile.table", DEFAULT_TABLE).strip(),
        System.getProperty("reconcile.idColumn", DEFAULT_ID_COLUMN).strip());
  }

  /** The id column's type; parameters: the table (as regclass text) and the column name. */
  String columnType() {
    return "select format_type(a.atttypid, a.atttypmod) from pg_attribute a"
        + " where a.attrelid = ?::regclass and a.attname = ? and a.attnum > 0"
        + " and not a.attisdropped";
  }

  /** The unquoted column as the catalogue stores it. */
  String catalogueColumn() {
    return idColumn.toLowerCase(Locale.ROOT);
  }

  String createTempTable() {
    return "create temp table " + TEMP_TABLE + "(id text not null) on commit drop";
  }

  String copyIn() {
    return "copy " + TEMP_TABLE + "(id) from stdin";
  }

  String analyzeTempTable() {
    return "analyze " + TEMP_TABLE;
  }

  /**
   * Every copied id whose number of rows in the table is not exactly one, with that number: 0 is
   * lost, more is duplicated. Compared as text; a {@code uuid} column's text is lower case, so the
   * ids are lower-cased for it (a UUID is the same in either case).
   */
  String discrepancies(String columnType) {
    String key = "uuid".equals(columnType) ? "lower(a.id)" : "a.id";
    return "select a.id, count(m."
        + idColumn
        + ") as writes from "
        + TEMP_TABLE
        + " a left join "
        + table
        + " m on m."
        + idColumn
        + "::text = "
        + key
        + " group by a.id having count(m."
        + idColumn
        + ") <> 1";
  }
}
