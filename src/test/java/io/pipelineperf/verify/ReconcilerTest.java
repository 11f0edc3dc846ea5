package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.verify.Ledger.Mark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL (zonky), with the ledger table shaped as in the README. */
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
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static void written(UUID id, int times) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement insert =
            c.prepareStatement("insert into pipeline.messages(message_id) values (?)")) {
      for (int i = 0; i < times; i++) {
        insert.setObject(1, id);
        insert.executeUpdate();
      }
    }
  }

  @Test
  void findsLostAndDuplicatedAcknowledgedIdsAcrossBatches() throws Exception {
    UUID once = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    UUID never = UUID.randomUUID();
    UUID deadLettered = UUID.randomUUID();
    UUID notAcked = UUID.randomUUID();
    written(once, 1);
    written(twice, 2);
    Ledger ledger = new Ledger();
    for (UUID id : List.of(once, twice, never, deadLettered)) {
      ledger.mark(id, Mark.SENT);
      ledger.mark(id, Mark.ACKED);
    }
    ledger.mark(deadLettered, Mark.DEAD_LETTERED);
    ledger.mark(notAcked, Mark.SENT);

    Reconciliation result = new Reconciler(url, "postgres", "postgres", 2).reconcile(ledger);

    assertThat(result.checked()).isEqualTo(3);
    assertThat(result.lost()).isEqualTo(1);
    assertThat(result.lostSample()).containsExactly(never);
    assertThat(result.duplicated()).isEqualTo(1);
    assertThat(result.duplicatedSample()).containsExactly(twice);
  }

  @Test
  void namesTheSettingWhenTheUrlIsMissing() {
    assertThatThrownBy(() -> new Reconciler(" ", "postgres", "postgres"))
        .hasMessageContaining("db.url");
  }
}
