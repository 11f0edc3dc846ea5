package io.pipelineperf.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Checks every acknowledged id of a {@link Ledger} (any string: this run's ids, a template's, a
 * malformed one) against the pipeline's table ({@link ReconcileQuery}): an id with no row is lost,
 * one with several is duplicated. The ids are streamed into a temporary table with COPY and
 * compared in one query, so memory stays bounded and millions of ids take seconds. Lost and
 * duplicated ids are marked in the ledger ({@link Ledger.Mark#LOST}, {@link
 * Ledger.Mark#DUPLICATED}) for the fault accounting.
 */
public final class Reconciler {

  private static final int COPY_BUFFER = 1 << 16;
  private static final int FETCH_SIZE = 10_000;

  private final String url;
  private final String user;
  private final String password;
  private final ReconcileQuery query;

  /** Against the table of {@code -Dreconcile.table=} / {@code -Dreconcile.idColumn=}. */
  public Reconciler(String url, String user, String password) {
    this(url, user, password, ReconcileQuery.fromSystemProperties());
  }

  public Reconciler(String url, String user, String password, ReconcileQuery query) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "Reconciler needs a JDBC URL (db.url), e.g. jdbc:postgresql://127.0.0.1:5432/postgres");
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.query = query;
  }

  /**
   * Reconciles every acknowledged id in the ledger except the dead-lettered ones, which the
   * pipeline rightly never writes; replaces the ledger's LOST and DUPLICATED marks.
   */
  public Reconciliation reconcile(Ledger ledger) {
    long expected =
        ledger.count(Ledger.Mark.ACKED)
            - ledger.countAll(Ledger.Mark.ACKED.bit | Ledger.Mark.DEAD_LETTERED.bit);
    ledger.clear(Ledger.Mark.LOST);
    ledger.clear(Ledger.Mark.DUPLICATED);
    long lost = 0;
    long duplicated = 0;
    List<String> lostSample = new ArrayList<>();
    List<String> duplicatedSample = new ArrayList<>();
    long checked;
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      connection.setAutoCommit(false);
      String columnType = columnType(connection);
      try (Statement s = connection.createStatement()) {
        s.execute("set local work_mem = '128MB'");
        s.execute(query.createTempTable());
      }
      checked = copyAcknowledged(connection, ledger);
      try (Statement s = connection.createStatement()) {
        s.execute(query.analyzeTempTable());
      }
      try (PreparedStatement s = connection.prepareStatement(query.discrepancies(columnType))) {
        s.setFetchSize(FETCH_SIZE);
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            String id = rows.getString(1);
            if (rows.getLong(2) == 0) {
              lost++;
              ledger.mark(id, Ledger.Mark.LOST);
              addSample(lostSample, id);
            } else {
              duplicated++;
              ledger.mark(id, Ledger.Mark.DUPLICATED);
              addSample(duplicatedSample, id);
            }
          }
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Reconciliation against "
              + query.describe()
              + " at "
              + url
              + " failed (SQLSTATE "
              + e.getSQLState()
              + "): "
              + e.getMessage(),
          e);
    }
    return new Reconciliation(checked, expected, lost, duplicated, lostSample, duplicatedSample);
  }

  /**
   * Checks, before any load, that the reconciliation can run: the user's query runs and returns one
   * column, or the table and id column exist. Throws naming the setting to fix.
   */
  public void check() {
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      connection.setReadOnly(true);
      columnType(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot check the reconciliation against "
              + query.describe()
              + " at "
              + url
              + " (SQLSTATE "
              + e.getSQLState()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private String columnType(Connection connection) throws SQLException {
    if (query.isUserQuery()) {
      return queryColumnType(connection);
    }
    try (PreparedStatement s = connection.prepareStatement(query.columnType())) {
      s.setString(1, query.table());
      s.setString(2, query.catalogueColumn());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalStateException(
              "table "
                  + query.table()
                  + " has no column "
                  + query.idColumn()
                  + ": set -Dreconcile.idColumn= to the column holding the message id");
        }
        return r.getString(1);
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        throw new IllegalStateException(
            "table "
                + query.table()
                + " does not exist at "
                + url
                + ": set -Dreconcile.table= to the table the pipeline writes",
            e);
      }
      throw e;
    }
  }

  /** Runs the user's query with {@code limit 0}: it must run and return exactly one column. */
  private String queryColumnType(Connection connection) {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(query.dryRun())) {
      ResultSetMetaData meta = r.getMetaData();
      if (meta.getColumnCount() != 1) {
        throw new IllegalStateException(
            query.describe()
                + " returns "
                + meta.getColumnCount()
                + " columns: set -Dreconcile.query= to a query returning one column, the ids");
      }
      return meta.getColumnTypeName(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          query.describe()
              + " does not run: SQLSTATE "
              + e.getSQLState()
              + " "
              + e.getMessage()
              + ": set -Dreconcile.query= to a query (or .sql file) returning one column of ids",
          e);
    }
  }

  /** Streams every acknowledged, not dead-lettered id into the temporary table; returns rows. */
  private long copyAcknowledged(Connection connection, Ledger ledger) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(query.copyIn());
    CopyWriter writer = new CopyWriter(copy);
    try {
      ledger.forEach(Ledger.Mark.ACKED, List.of(Ledger.Mark.DEAD_LETTERED), writer::write);
      writer.flush();
      return copy.endCopy();
    } catch (CopyFailed e) {
      throw e.getCause();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void addSample(List<String> sample, String id) {
    if (sample.size() < Reconciliation.SAMPLE_SIZE) {
      sample.add(id);
    }
  }

  /** COPY text format, one id a line, in 64 KiB writes. */
  private static final class CopyWriter {
    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(COPY_BUFFER + 1024);

    CopyWriter(CopyIn copy) {
      this.copy = copy;
    }

    void write(String id) {
      if (id.indexOf('\0') >= 0) {
        return; // PostgreSQL text cannot hold NUL: left unchecked, so checked < expected
      }
      byte[] bytes = escape(id).getBytes(StandardCharsets.UTF_8);
      buffer.write(bytes, 0, bytes.length);
      buffer.write('\n');
      if (buffer.size() >= COPY_BUFFER) {
        flush();
      }
    }

    void flush() {
      if (buffer.size() == 0) {
        return;
      }
      try {
        copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
      } catch (SQLException e) {
        throw new CopyFailed(e);
      }
      buffer.reset();
    }

    private static String escape(String id) {
      if (id.indexOf('\\') < 0
          && id.indexOf('\n') < 0
          && id.indexOf('\r') < 0
          && id.indexOf('\t') < 0) {
        return id;
      }
      return id.replace("\\", "\\\\")
          .replace("\n", "\\n")
          .replace("\r", "\\r")
          .replace("\t", "\\t");
    }
  }

  private static final class CopyFailed extends RuntimeException {
    CopyFailed(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
