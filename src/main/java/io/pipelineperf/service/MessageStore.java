package io.pipelineperf.service;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of messages in ONE transaction. Fast path: one call of {@code
 * pipeline.process_batch} with the batch as arrays (set-based: three statements per batch). Only if
 * the database refuses a message (business rule or bad data) the batch is redone message by message
 * through {@code pipeline.process_message} with savepoints, so the refused ones can be
 * dead-lettered and the rest still committed. Transient and fatal errors are thrown to the caller,
 * with the transaction rolled back.
 */
public final class MessageStore {
  private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
  private static final String CALL = "call pipeline.process_message(?, ?, ?, ?, ?::jsonb, ?)";
  private static final String CALL_BATCH = "call pipeline.process_batch(?, ?, ?, ?, ?::jsonb, ?)";
  private static final String EXISTING =
      "select message_id from pipeline.processed_ids where message_id = any(?)";

  private final Database database;
  private final boolean idempotent;
  private final boolean leakConnectionOnError;
  private final int slowWriteMs;

  public MessageStore(Database database, boolean idempotent, boolean leakConnectionOnError) {
    this(database, idempotent, leakConnectionOnError, 0);
  }

  /** {@code slowWriteMs} > 0: the planted defect slow-write, that long more per transaction. */
  public MessageStore(
      Database database, boolean idempotent, boolean leakConnectionOnError, int slowWriteMs) {
    this.database = database;
    this.idempotent = idempotent;
    this.leakConnectionOnError = leakConnectionOnError;
    this.slowWriteMs = slowWriteMs;
  }

  /** Writes the messages (callers pass them sorted by customer, to avoid deadlocks). */
  public WriteResult write(List<Message> messages) throws SQLException {
    if (messages.isEmpty()) {
      return new WriteResult(Set.of(), Map.of());
    }
    Connection connection = database.connection();
    boolean failed = true;
    try {
      WriteResult result = writeIn(connection, messages);
      failed = false;
      return result;
    } finally {
      if (failed) {
        rollbackQuietly(connection);
      }
      if (!failed || !leakConnectionOnError) {
        connection.close();
      } else {
        log.warn("defect connection-leak: not returning a connection to the pool after an error");
      }
    }
  }

  private WriteResult writeIn(Connection connection, List<Message> messages) throws SQLException {
    try {
      Set<UUID> duplicates = existing(connection, messages);
      try (PreparedStatement call = connection.prepareStatement(CALL_BATCH)) {
        bindBatch(connection, call, messages);
        call.execute();
      }
      slowDown();
      connection.commit();
      return new WriteResult(duplicates, Map.of());
    } catch (SQLException e) {
      if (SqlErrorClassifier.classify(e) != SqlErrorClass.POISON) {
        throw e;
      }
      connection.rollback();
      log.info(
          "batch of {} refused by the database (SQLSTATE {}): redoing it message by message",
          messages.size(),
          SqlErrorClassifier.sqlState(e));
      return writeOneByOne(connection, messages);
    }
  }

  // defect slow-write: the transaction (and its pooled connection) stays open slowWriteMs longer
  private void slowDown() {
    if (slowWriteMs > 0) {
      try {
        Thread.sleep(slowWriteMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private WriteResult writeOneByOne(Connection connection, List<Message> messages)
      throws SQLException {
    Set<UUID> duplicates = existing(connection, messages);
    Map<UUID, WriteResult.Rejection> rejected = new HashMap<>();
    try (PreparedStatement call = connection.prepareStatement(CALL)) {
      for (Message message : messages) {
        Savepoint savepoint = connection.setSavepoint();
        try {
          bind(call, message);
          call.execute();
          connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          if (SqlErrorClassifier.classify(e) != SqlErrorClass.POISON) {
            throw e;
          }
          connection.rollback(savepoint);
          String state = SqlErrorClassifier.sqlState(e);
          RejectCode code =
              SqlErrorClassifier.BUSINESS_RULE.equals(state)
                  ? RejectCode.BUSINESS_RULE
                  : RejectCode.DB_REJECTED;
          rejected.put(
              message.id(),
              new WriteResult.Rejection(
                  code, "SQLSTATE " + state + ": " + SqlErrorClassifier.describe(e)));
        }
      }
    }
    connection.commit();
    return new WriteResult(duplicates, rejected);
  }

  /** Ids of the batch already processed before this transaction (reported as duplicates). */
  private Set<UUID> existing(Connection connection, List<Message> messages) throws SQLException {
    if (!idempotent) {
      return Set.of();
    }
    UUID[] ids = messages.stream().map(Message::id).toArray(UUID[]::new);
    Set<UUID> found = new HashSet<>();
    try (PreparedStatement query = connection.prepareStatement(EXISTING)) {
      Array array = connection.createArrayOf("uuid", ids);
      query.setArray(1, array);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return found;
  }

  private void bindBatch(Connection connection, PreparedStatement call, List<Message> messages)
      throws SQLException {
    int n = messages.size();
    UUID[] ids = new UUID[n];
    String[] customers = new String[n];
    BigDecimal[] amounts = new BigDecimal[n];
    String[] currencies = new String[n];
    StringBuilder payloads = new StringBuilder(n * 1100).append('[');
    for (int i = 0; i < n; i++) {
      Message m = messages.get(i);
      ids[i] = m.id();
      customers[i] = m.customer();
      amounts[i] = m.amount();
      currencies[i] = m.currency();
      payloads.append(i == 0 ? "" : ",").append(m.json());
    }
    call.setArray(1, connection.createArrayOf("uuid", ids));
    call.setArray(2, connection.createArrayOf("text", customers));
    call.setArray(3, connection.createArrayOf("numeric", amounts));
    call.setArray(4, connection.createArrayOf("text", currencies));
    call.setString(5, payloads.append(']').toString());
    call.setBoolean(6, idempotent);
  }

  private void bind(PreparedStatement call, Message message) throws SQLException {
    call.setObject(1, message.id());
    call.setString(2, message.customer());
    call.setBigDecimal(3, message.amount());
    call.setString(4, message.currency());
    call.setString(5, message.json());
    call.setBoolean(6, idempotent);
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      log.debug("rollback after a failed batch also failed: {}", e.getMessage());
    }
  }
}
