package io.pipelineperf.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where the pipeline writes its messages ({@code -Dreconcile.table=}, default {@code
 * pipeline.messages}; {@code -Dreconcile.idColumn=}, default {@code message_id}) and every SQL
 * statement the reconciliation runs: the acknowledged ids are copied into a temporary table and ONE
 * anti-join/aggregate compares them, as text, with the table. This is the only place that knows the
 * table's shape.
 *
 * <p>Or a query of the user's ({@code -Dreconcile.query=}: SQL text, or the path of a {@code .sql}
 * file) returning one column of ids of any type: it is wrapped as a subquery in the same single
 * anti-join/aggregate, so memory stays bounded whatever it returns. {@code table} and {@code
 * idColumn} are then null.
 */
public record ReconcileQuery(String table, String idColumn, String userQuery) {

  public static final String DEFAULT_TABLE = "pipeline.messages";
  public static final String DEFAULT_ID_COLUMN = "message_id";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  static final String TEMP_TABLE = "reconcile_acked";

  public ReconcileQuery(String table, String idColumn) {
    this(table, idColumn, null);
  }

  public ReconcileQuery {
    if (userQuery != null) {
      if (table != null || idColumn != null) {
        throw new IllegalArgumentException("a reconcile query replaces the table and id column");
      }
      userQuery = withoutTrailingSemicolons(userQuery);
      if (userQuery.isEmpty()) {
        throw new IllegalArgumentException(
            "-Dreconcile.query= is empty: give a query returning one column of ids, or a .sql file");
      }
    } else {
      requireNames(table, idColumn);
    }
  }

  private static void requireNames(String table, String idColumn) {
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

  /** A query of the user's returning one column of ids. */
  public static ReconcileQuery ofQuery(String sql) {
    return new ReconcileQuery(null, null, sql);
  }

  public static ReconcileQuery fromSystemProperties() {
    return fromSystemProperties(defaults());
  }

  /**
   * {@code -Dreconcile.query=} if given, else {@code -Dreconcile.table=} and {@code
   * -Dreconcile.idColumn=}, each defaulting to {@code fallback}'s.
   */
  public static ReconcileQuery fromSystemProperties(ReconcileQuery fallback) {
    return from(System::getProperty, fallback);
  }

  static ReconcileQuery from(UnaryOperator<String> properties, ReconcileQuery fallback) {
    String query = properties.apply("reconcile.query");
    if (query != null) {
      return ofQuery(queryText(query));
    }
    String table = properties.apply("reconcile.table");
    String idColumn = properties.apply("reconcile.idColumn");
    return new ReconcileQuery(
        table == null ? fallback.table() : table.strip(),
        idColumn == null ? fallback.idColumn() : idColumn.strip());
  }

  /** SQL text as given, or the content of the {@code .sql} file it names. */
  static String queryText(String value) {
    String v = value.strip();
    if (!v.toLowerCase(Locale.ROOT).endsWith(".sql")
        || v.chars().anyMatch(Character::isWhitespace)) {
      return v;
    }
    Path file = Path.of(v);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "-Dreconcile.query="
              + v
              + " names a .sql file that cannot be read ("
              + e
              + "): give an existing file (relative to "
              + Path.of("").toAbsolutePath()
              + ") or the SQL text itself",
          e);
    }
  }

  private static String withoutTrailingSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  public boolean isUserQuery() {
    return userQuery != null;
  }

  /** What is reconciled against, as a user set it. */
  public String describe() {
    if (!isUserQuery()) {
      return table + "." + idColumn;
    }
    String oneLine = userQuery.replaceAll("\\s+", " ");
    return "-Dreconcile.query="
        + (oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...");
  }

  /**
   * The user's query run once returning nothing, to learn that it runs and what it returns. The
   * query goes on its own lines so that a trailing line comment cannot swallow the wrapper.
   */
  String dryRun() {
    return "select * from (\n" + userQuery + "\n) q limit 0";
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
    if (isUserQuery()) {
      return "select a.id, count(q.id) as writes from "
          + TEMP_TABLE
          + " a left join (\n"
          + userQuery
          + "\n) q(id) on q.id::text = "
          + key
          + " group by a.id having count(q.id) <> 1";
    }
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
