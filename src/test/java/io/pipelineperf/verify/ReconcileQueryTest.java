package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileQueryTest {

  private static final ReconcileQuery COMPLETION_TABLE = new ReconcileQuery("shop.orders", "ref");

  private static ReconcileQuery of(Map<String, String> properties, ReconcileQuery fallback) {
    return ReconcileQuery.from(properties::get, fallback);
  }

  @Test
  void withoutSettingsTheFallbackIsUsed() {
    assertThat(of(Map.of(), ReconcileQuery.defaults()))
        .isEqualTo(new ReconcileQuery("pipeline.messages", "message_id"));
    assertThat(of(Map.of(), COMPLETION_TABLE)).isEqualTo(COMPLETION_TABLE);
    assertThat(of(Map.of("reconcile.idColumn", "order_ref"), COMPLETION_TABLE))
        .isEqualTo(new ReconcileQuery("shop.orders", "order_ref"));
  }

  @Test
  void aQueryTextReplacesTheTableAndLosesItsTrailingSemicolons() {
    ReconcileQuery q =
        of(
            Map.of("reconcile.query", " select ref from shop.orders ;; ", "reconcile.table", "x"),
            COMPLETION_TABLE);

    assertThat(q.isUserQuery()).isTrue();
    assertThat(q.userQuery()).isEqualTo("select ref from shop.orders");
    assertThat(q.table()).isNull();
    assertThat(q.describe()).isEqualTo("-Dreconcile.query=select ref from shop.orders");
  }

  @Test
  void aSqlFileIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ids.sql");
    Files.writeString(file, "-- ids\nselect ref\nfrom shop.orders; -- done\n");

    ReconcileQuery q = of(Map.of("reconcile.query", file.toString()), COMPLETION_TABLE);

    assertThat(q.userQuery()).isEqualTo("-- ids\nselect ref\nfrom shop.orders; -- done");
    assertThat(q.dryRun())
        .as("own lines: the trailing comment cannot swallow the wrapper")
        .isEqualTo("select * from (\n" + q.userQuery() + "\n) q limit 0");
  }

  @Test
  void theShippedExampleFileIsAQuery() {
    ReconcileQuery q =
        of(
            Map.of("reconcile.query", "simulations-data/queries/reference-messages.sql"),
            ReconcileQuery.defaults());

    assertThat(q.userQuery()).contains("select message_id").contains("from pipeline.messages");
  }

  @Test
  void aMissingFileOrAnEmptyQueryNamesTheSetting() {
    assertThatThrownBy(() -> of(Map.of("reconcile.query", "nowhere/ids.sql"), COMPLETION_TABLE))
        .hasMessageContaining("-Dreconcile.query=nowhere/ids.sql names a .sql file");
    assertThatThrownBy(() -> of(Map.of("reconcile.query", " ; "), COMPLETION_TABLE))
        .hasMessageContaining("-Dreconcile.query= is empty");
  }

  @Test
  void theQueryIsASubqueryOfTheOneAntiJoin() {
    ReconcileQuery q = ReconcileQuery.ofQuery("select ref from shop.orders");

    assertThat(q.discrepancies("text"))
        .isEqualTo(
            "select a.id, count(q.id) as writes from reconcile_acked a left join (\n"
                + "select ref from shop.orders\n"
                + ") q(id) on q.id::text = a.id group by a.id having count(q.id) <> 1");
    assertThat(q.discrepancies("uuid")).contains("on q.id::text = lower(a.id)");
  }
}
