package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.verify.Ledger.Mark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real PostgreSQL (zonky): the reference table {@code pipeline.messages(message_id
 * uuid)}, and a table of text ids such as a pipeline with its own id scheme writes.
 */
class ReconcilerTest {

  private static EmbeddedPostgres postgres;
  private static String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    url = postgres.getJdbcUrl("postgres", "postgres");
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create schema pipeline");
      s.execute(
          "create table pipeline.messages(seq bigserial primary key, message_id uuid not null,"
              + " customer text, amount numeric, currency text, payload jsonb, processed_at"
              + " timestamptz default now())");
      s.execute("create table public.orders(order_ref text not null, body text)");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static void written(String table, String column, String id, int times) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into " + table + "(" + column + ") values (?::" + typeOf(table) + ")")) {
      for (int i = 0; i < times; i++) {
        insert.setString(1, id);
        insert.executeUpdate();
      }
    }
  }

  private static String typeOf(String table) {
    return table.equals("pipeline.messages") ? "uuid" : "text";
  }

  private static void acked(Ledger ledger, String... ids) {
    for (String id : ids) {
      ledger.mark(id, Mark.SENT);
      ledger.mark(id, Mark.ACKED);
    }
  }

  private static Reconciler reconciler(String table, String column) {
    return new Reconciler(url, "postgres", "postgres", new ReconcileQuery(table, column));
  }

  @Test
  void findsLostAndDuplicatedIdsOfEveryKindInTheReferenceTable() throws Exception {
    Ledger ledger = new Ledger();
    MessageIds ids = ledger.messageIds();
    String once = ids.next();
    String twice = ids.next();
    String never = ids.next();
    String deadLettered = ids.next();
    String notAcked = ids.next();
    String foreignUpper = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    String malformed = "not-a-uuid";
    written("pipeline.messages", "message_id", once, 1);
    written("pipeline.messages", "message_id", twice, 2);
    written("pipeline.messages", "message_id", foreignUpper, 1);
    acked(ledger, once, twice, never, deadLettered, foreignUpper, malformed);
    ledger.mark(deadLettered, Mark.DEAD_LETTERED);
    ledger.mark(notAcked, Mark.SENT);

    Reconciliation result = reconciler("pipeline.messages", "message_id").reconcile(ledger);

    assertThat(result.checked()).isEqualTo(5);
    assertThat(result.expected()).isEqualTo(5);
    assertThat(result.complete()).isTrue();
    assertThat(result.completenessAssertion().passed()).isTrue();
    assertThat(result.lost()).isEqualTo(2);
    assertThat(result.lostSample()).containsExactlyInAnyOrder(never, malformed);
    assertThat(result.duplicated()).isEqualTo(1);
    assertThat(result.duplicatedSample()).containsExactly(twice);
    assertThat(ledger.ids(Mark.LOST, List.of())).containsExactlyInAnyOrder(never, malformed);
    assertThat(ledger.ids(Mark.DUPLICATED, List.of())).containsExactly(twice);
  }

  @Test
  void reconcilesIdsThatAreNotUuidsInATableOfTheirOwn() throws Exception {
    Ledger ledger = new Ledger();
    String once = "ORD-0001";
    String twice = "ORD-0002";
    String lost = "ORD-0003 with\ttab, \\backslash and newline\n";
    String unicode = "commande-é-4";
    String otherCase = "ORD-0005";
    written("public.orders", "order_ref", once, 1);
    written("public.orders", "order_ref", twice, 2);
    written("public.orders", "order_ref", unicode, 1);
    written("public.orders", "order_ref", "ord-0005", 1); // another id: text compares exactly
    acked(ledger, once, twice, lost, unicode, otherCase);

    Reconciliation result = reconciler("public.orders", "ORDER_REF").reconcile(ledger);

    assertThat(result.checked()).isEqualTo(5);
    assertThat(result.complete()).isTrue();
    assertThat(result.lostSample()).containsExactlyInAnyOrder(lost, otherCase);
    assertThat(result.duplicatedSample()).containsExactly(twice);
    assertThat(ledger.has(lost, Mark.LOST)).isTrue();
  }

  @Test
  void aSecondReconciliationReplacesTheMarksOfTheFirst() throws Exception {
    Ledger ledger = new Ledger();
    String late = "late-" + UUID.randomUUID();
    acked(ledger, late);
    Reconciler reconciler = reconciler("public.orders", "order_ref");
    assertThat(reconciler.reconcile(ledger).lost()).isEqualTo(1);

    written("public.orders", "order_ref", late, 1);
    Reconciliation again = reconciler.reconcile(ledger);

    assertThat(again.lost()).isZero();
    assertThat(ledger.count(Mark.LOST)).isZero();
  }

  @Test
  void anIdThatCannotBeCheckedFailsTheCompletenessCheck() {
    Ledger ledger = new Ledger();
    acked(ledger, "fine", "has\0nul");

    Reconciliation result = reconciler("public.orders", "order_ref").reconcile(ledger);

    assertThat(result.checked()).isEqualTo(1);
    assertThat(result.expected()).isEqualTo(2);
    assertThat(result.completenessAssertion().passed()).isFalse();
    assertThat(result.completenessAssertion().actual()).isEqualTo(1.0);
  }

  @Test
  void reconcilesAMillionIdsInBoundedTime() throws Exception {
    Ledger ledger = new Ledger();
    MessageIds ids = ledger.messageIds();
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      ledger.acked(ids.next(), i % 6, i / 6, 1_795_000_000_000L + i);
    }
    // every id written once, except 0..9 never and 10..14 twice
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("truncate pipeline.messages");
      s.execute(
          "insert into pipeline.messages(message_id) select ('"
              + ids.prefix()
              + "' || lpad(to_hex(g), 12, '0'))::uuid from generate_series(10, "
              + (n - 1)
              + ") g union all select ('"
              + ids.prefix()
              + "' || lpad(to_hex(g), 12, '0'))::uuid from generate_series(10, 14) g");
    }

    long start = System.nanoTime();
    Reconciliation result = reconciler("pipeline.messages", "message_id").reconcile(ledger);
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf("ReconcilerTest: %d ids reconciled in %.2f s%n", n, seconds);
    assertThat(result.checked()).isEqualTo(n);
    assertThat(result.complete()).isTrue();
    assertThat(result.lost()).isEqualTo(10);
    assertThat(result.duplicated()).isEqualTo(5);
    assertThat(ledger.has(ids.id(3), Mark.LOST)).isTrue();
    assertThat(ledger.has(ids.id(12), Mark.DUPLICATED)).isTrue();
    assertThat(seconds).as("generous bound").isLessThan(120);
  }

  @Test
  void reconcilesAgainstAUserQueryOfUuidsInAnyCase() throws Exception {
    Ledger ledger = new Ledger();
    String once = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    String twice = UUID.randomUUID().toString();
    String filteredOut = UUID.randomUUID().toString();
    written("pipeline.messages", "message_id", once, 1);
    written("pipeline.messages", "message_id", twice, 2);
    written("pipeline.messages", "message_id", filteredOut, 1);
    acked(ledger, once, twice, filteredOut);
    ReconcileQuery query =
        ReconcileQuery.ofQuery(
            "select m.message_id from pipeline.messages m where m.message_id <> '"
                + filteredOut
                + "'::uuid;");
    Reconciler reconciler = new Reconciler(url, "postgres", "postgres", query);

    reconciler.check();
    Reconciliation result = reconciler.reconcile(ledger);

    assertThat(result.checked()).isEqualTo(3);
    assertThat(result.lostSample()).containsExactly(filteredOut);
    assertThat(result.duplicatedSample()).containsExactly(twice);
  }

  @Test
  void namesTheSettingWhenTheUrlIsMissing() {
    assertThatThrownBy(() -> new Reconciler(" ", "postgres", "postgres"))
        .hasMessageContaining("db.url");
  }

  @Test
  void namesTheSettingWhenTheTableOrColumnIsWrong() {
    Ledger ledger = new Ledger();
    acked(ledger, "x");

    assertThatThrownBy(() -> reconciler("pipeline.nope", "message_id").reconcile(ledger))
        .hasMessageContaining("-Dreconcile.table=");
    assertThatThrownBy(() -> reconciler("pipeline.messages", "nope").reconcile(ledger))
        .hasMessageContaining("-Dreconcile.idColumn=");
    assertThatThrownBy(() -> new ReconcileQuery("messages; drop table x", "id"))
        .hasMessageContaining("-Dreconcile.table=");
    assertThatThrownBy(() -> new ReconcileQuery("pipeline.messages", "id)"))
        .hasMessageContaining("-Dreconcile.idColumn=");
  }
}
