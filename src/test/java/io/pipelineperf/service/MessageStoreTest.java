package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The set-based {@code pipeline.process_batch} writes exactly what one {@code process_message} call
 * per message writes: rows, totals, idempotent skips, refusals and injected faults.
 */
class MessageStoreTest {

  private static StoreDatabase db;
  private static EmbeddedPostgres postgres;
  private static Database database;

  @BeforeAll
  static void start() throws Exception {
    db = StoreDatabase.start();
    postgres = db.postgres;
    database = db.database;
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void empty() throws Exception {
    sql(
        "truncate pipeline.messages, pipeline.processed_ids, pipeline.customer_totals;"
            + " update pipeline.fault_control set enabled = false");
  }

  private static Message message(String customer, String amount) {
    UUID id = UUID.randomUUID();
    return new Message(
        id,
        customer,
        new BigDecimal(amount),
        "EUR",
        "{\"id\":\"" + id + "\",\"amount\":" + amount + "}");
  }

  private static List<Message> batch(Message... messages) {
    return new ArrayList<>(List.of(messages));
  }

  @Test
  void aBatchWritesEveryRowAndSumsTheTotalsPerCustomer() throws Exception {
    MessageStore store = new MessageStore(database, true, false);
    WriteResult result =
        store.write(batch(message("a", "1.5"), message("a", "2"), message("b", "10")));

    assertThat(result.duplicates()).isEmpty();
    assertThat(result.rejected()).isEmpty();
    assertThat(query("select count(*) from pipeline.messages")).isEqualTo("3");
    assertThat(query("select count(*) from pipeline.processed_ids")).isEqualTo("3");
    assertThat(
            query(
                "select total || '/' || message_count from pipeline.customer_totals"
                    + " where customer = 'a'"))
        .isEqualTo("3.5/2");
    assertThat(query("select payload->>'amount' from pipeline.messages where customer = 'b'"))
        .isEqualTo("10");
  }

  @Test
  void aRedeliveredMessageIsReportedAndNotWrittenAgain() throws Exception {
    MessageStore store = new MessageStore(database, true, false);
    Message first = message("a", "1");
    store.write(batch(first));

    WriteResult again = store.write(batch(first, message("a", "2")));

    assertThat(again.duplicates()).containsExactly(first.id());
    assertThat(query("select count(*) from pipeline.messages")).isEqualTo("2");
    assertThat(query("select total || '/' || message_count from pipeline.customer_totals"))
        .isEqualTo("3/2");
  }

  @Test
  void withoutIdempotencyARedeliveryIsWrittenTwice() throws Exception {
    MessageStore store = new MessageStore(database, false, false);
    Message first = message("a", "1");
    store.write(batch(first));
    store.write(batch(first));

    assertThat(query("select count(*) from pipeline.messages")).isEqualTo("2");
    assertThat(query("select message_count from pipeline.customer_totals")).isEqualTo("2");
  }

  @Test
  void aRefusedMessageIsRejectedAloneAndTheRestIsWritten() throws Exception {
    MessageStore store = new MessageStore(database, true, false);
    Message bad = message("a", "-5");

    WriteResult result = store.write(batch(message("a", "1"), bad, message("b", "2")));

    assertThat(result.rejected()).containsOnlyKeys(bad.id());
    assertThat(result.rejected().get(bad.id()).code()).isEqualTo(RejectCode.BUSINESS_RULE);
    assertThat(query("select count(*) from pipeline.messages")).isEqualTo("2");
    assertThat(query("select sum(message_count) from pipeline.customer_totals")).isEqualTo("2");
  }

  @Test
  void aPayloadPostgresRefusesIsRejectedAloneAndTheRestIsWritten() throws Exception {
    MessageStore store = new MessageStore(database, true, false);
    UUID id = UUID.randomUUID();
    Message nul =
        new Message(id, "a", BigDecimal.ONE, "EUR", "{\"id\":\"" + id + "\",\"x\":\"\\u0000\"}");

    WriteResult result = store.write(batch(message("a", "1"), nul));

    assertThat(result.rejected()).containsOnlyKeys(id);
    assertThat(result.rejected().get(id).code()).isEqualTo(RejectCode.DB_REJECTED);
    assertThat(query("select count(*) from pipeline.messages")).isEqualTo("1");
  }

  @Test
  void anEnabledFaultKeepsItsPerMessageBehaviour() throws Exception {
    sql(
        "insert into pipeline.fault_control (name, enabled, sqlstate, probability)"
            + " values ('test-error', true, '40001', 1.0)"
            + " on conflict (name) do update set enabled = true, sqlstate = '40001',"
            + " probability = 1.0, sleep_ms = 0");
    MessageStore store = new MessageStore(database, true, false);

    assertThatThrownBy(() -> store.write(batch(message("a", "1"), message("b", "2"))))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"))
        .hasMessageContaining("injected fault test-error");
    assertThat(query("select count(*) from pipeline.messages")).isEqualTo("0");
    sql("delete from pipeline.fault_control where name = 'test-error'");
  }

  private static void sql(String statements) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  private static String query(String select) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(select)) {
      r.next();
      return r.getString(1);
    }
  }
}
