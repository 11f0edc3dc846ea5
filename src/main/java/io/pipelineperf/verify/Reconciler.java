package io.pipelineperf.verify;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks acknowledged ids against {@code pipeline.messages}: an acknowledged id that was never
 * written is lost, one written more than once is duplicated. Ids go to the database in batches as a
 * {@code uuid[]} parameter, per the README query.
 */
public final class Reconciler {

  static final String QUERY =
      "select message_id, count(*) from pipeline.messages where message_id = any(?) group by 1";

  private final String url;
  private final String user;
  private final String password;
  private final int batchSize;

  public Reconciler(String url, String user, String password) {
    this(url, user, password, 10_000);
  }

  public Reconciler(String url, String user, String password, int batchSize) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "Reconciler needs a JDBC URL (db.url), e.g. jdbc:postgresql://127.0.0.1:5432/postgres");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.batchSize = batchSize;
  }

  /**
   * Reconciles every acknowledged id in the ledger except the dead-lettered ones, which the
   * pipeline rightly never writes.
   */
  public Reconciliation reconcile(Ledger ledger) {
    return reconcile(ledger.ids(Ledger.Mark.ACKED, List.of(Ledger.Mark.DEAD_LETTERED)));
  }

  public Reconciliation reconcile(List<UUID> acknowledged) {
    long lost = 0;
    long duplicated = 0;
    List<UUID> lostSample = new ArrayList<>();
    List<UUID> duplicatedSample = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      for (int from = 0; from < acknowledged.size(); from += batchSize) {
        List<UUID> batch =
            acknowledged.subList(from, Math.min(from + batchSize, acknowledged.size()));
        Map<UUID, Long> written = writeCounts(connection, statement, batch);
        for (UUID id : batch) {
          long count = written.getOrDefault(id, 0L);
          if (count == 0) {
            lost++;
            addSample(lostSample, id);
          } else if (count > 1) {
            duplicated++;
            addSample(duplicatedSample, id);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Reconciliation against " + url + " failed (SQLSTATE " + e.getSQLState() + ")", e);
    }
    return new Reconciliation(
        acknowledged.size(),
        lost,
        duplicated,
        List.copyOf(lostSample),
        List.copyOf(duplicatedSample));
  }

  private static Map<UUID, Long> writeCounts(
      Connection connection, PreparedStatement statement, List<UUID> batch) throws SQLException {
    Array ids = connection.createArrayOf("uuid", batch.toArray());
    try {
      statement.setArray(1, ids);
      Map<UUID, Long> counts = new HashMap<>(batch.size() * 2);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getObject(1, UUID.class), rows.getLong(2));
        }
      }
      return counts;
    } finally {
      ids.free();
    }
  }

  private static void addSample(List<UUID> sample, UUID id) {
    if (sample.size() < Reconciliation.SAMPLE_SIZE) {
      sample.add(id);
    }
  }
}
