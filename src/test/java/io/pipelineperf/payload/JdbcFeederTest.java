package io.pipelineperf.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gatling's own JDBC feeder against a real PostgreSQL (zonky), built only once it is asked for. */
class JdbcFeederTest {

  private static EmbeddedPostgres postgres;
  private static Database database;

  @BeforeAll
  static void startPostgres() throws Exception {
    GatlingConfig.ensureLoaded();
    postgres = EmbeddedPostgres.builder().start();
    database = new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create table customers(customer text, tier int)");
      s.execute(
          "insert into customers select 'C-' || lpad(g::text, 6, '0'), g % 3"
              + " from generate_series(1, 50) g");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aTemplateIsRenderedWithTheQuerysFirstRowAndTheQueryRunsOnlyWhenAskedFor() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Map<String, String> settings =
        Map.of(
            "payload", "simulations-data/payloads/minimal.json",
            "payload.key", "#{customer}",
            "feeder.jdbc.query", "select customer, tier from customers order by customer",
            "feeder.strategy", "random");
    Payload payload =
        Payload.from(
            settings::get,
            () -> {
              asked.incrementAndGet();
              return database;
            });
    assertThat(payload.needsDatabase()).isTrue();
    assertThat(payload.feeder()).isPresent();
    assertThat(asked).hasValue(0);

    payload.check();
    assertThat(asked).hasValue(1);
    JsonNode sample = new ObjectMapper().readTree(payload.sample());
    assertThat(sample.path("id").asText()).isEqualTo(Payload.SAMPLE_ID);
    assertThat(payload.feeder().get().recordsCount()).isEqualTo(50);
    assertThat(
            payload
                .key()
                .apply(SampleSession.with(Map.of("customer", "C-000007", "messageId", "m"))))
        .isEqualTo("C-000007");
  }

  @Test
  void aColumnTheQueryDoesNotSelectIsNamedWithTheColumnsItHas() {
    Map<String, String> settings =
        Map.of(
            "payload", "simulations-data/payloads/order.json",
            "feeder.jdbc.query", "select customer, tier from customers");
    Payload payload = Payload.from(settings::get, () -> database);
    assertThatThrownBy(payload::check)
        .hasMessageContaining("amount")
        .hasMessageContaining("has the columns customer, tier");
  }

  @Test
  void aBrokenQuerySaysWhy() {
    Map<String, String> settings =
        Map.of(
            "payload", "simulations-data/payloads/minimal.json",
            "feeder.jdbc.query", "select nope from customers");
    Payload payload = Payload.from(settings::get, () -> database);
    assertThatThrownBy(payload::check)
        .hasMessageContaining("-Dfeeder.jdbc.query=select nope from customers")
        .hasMessageContaining("nope");
  }
}
