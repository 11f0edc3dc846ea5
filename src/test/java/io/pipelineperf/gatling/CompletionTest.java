package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.verify.ReconcileQuery;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionTest {

  private static Completion of(Map<String, String> properties) {
    return Completion.from(properties::get);
  }

  @Test
  void dbCompletionHasTheReferenceTableAsDefaultsAndPollsEvery20Ms() {
    Completion c = of(Map.of("completion", "db"));

    assertThat(c.mode()).isEqualTo(Completion.Mode.DB);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.db())
        .isEqualTo(
            new DbCompletionSettings(
                "pipeline.messages", "message_id", "seq", Duration.ofSeconds(5), 10_000));
    assertThat(c.describe())
        .containsEntry("mode", "db")
        .containsEntry("processedMeans", "the row was committed in pipeline.messages")
        .containsEntry("seqColumn", "seq");
    assertThat(c.reconcileFallback()).isEqualTo(ReconcileQuery.defaults());
  }

  @Test
  void dbSettingsAreReadAndTheReconciliationFollowsTheCompletionTable() {
    Completion c =
        of(
            Map.of(
                "completion", " DB ",
                "completion.db.table", "shop.orders",
                "completion.db.idColumn", "order_ref",
                "completion.db.seqColumn", "id",
                "completion.db.gapMs", "2000",
                "completion.pollMs", "5"));

    assertThat(c.db().table()).isEqualTo("shop.orders");
    assertThat(c.db().idColumn()).isEqualTo("order_ref");
    assertThat(c.db().seqColumn()).isEqualTo("id");
    assertThat(c.db().gapTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.reconcileFallback()).isEqualTo(new ReconcileQuery("shop.orders", "order_ref"));
  }

  @Test
  void otherModesKeepTheirDefaults() {
    assertThat(of(Map.of()).mode()).isEqualTo(Completion.Mode.OUTCOMES);
    assertThat(of(Map.of()).db()).isNull();
    assertThat(of(Map.of("completion", "offsets")).pollInterval()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void badSettingsNameTheSetting() {
    assertThatThrownBy(() -> of(Map.of("completion", "rows")))
        .hasMessageContaining("-Dcompletion=rows is unknown: use outcomes|topic|offsets|db");
    assertThatThrownBy(() -> of(Map.of("completion", "db", "completion.db.table", "a;drop")))
        .hasMessageContaining("-Dcompletion.db.table='a;drop'");
    assertThatThrownBy(() -> of(Map.of("completion", "db", "completion.db.idColumn", "id)")))
        .hasMessageContaining("-Dcompletion.db.idColumn=");
    assertThat(of(Map.of("completion", "db", "completion.db.seqColumn", " ")).db().seqColumn())
        .as("blank: the default")
        .isEqualTo("seq");
    assertThatThrownBy(() -> of(Map.of("completion", "db", "completion.db.seqColumn", "a b")))
        .hasMessageContaining("-Dcompletion.db.seqColumn=");
    assertThatThrownBy(() -> of(Map.of("completion", "db", "completion.db.gapMs", "soon")))
        .hasMessageContaining("-Dcompletion.db.gapMs=soon");
    assertThatThrownBy(() -> of(Map.of("completion", "db", "completion.pollMs", "0")))
        .hasMessageContaining("-Dcompletion.pollMs=0");
  }

  @Test
  void aDryRunFailureNamesTheSettingToFix() {
    DbCompletionSettings s = of(Map.of("completion", "db")).db();

    assertThat(DryRunError.text(s, new SQLException("relation \"pipeline.messages\" ...", "42P01")))
        .startsWith("-Dcompletion.db.table=pipeline.messages does not run: SQLSTATE 42P01")
        .contains("set -Dcompletion.db.table=");
    assertThat(DryRunError.text(s, new SQLException("column \"seq\" does not exist", "42703")))
        .startsWith("-Dcompletion.db.seqColumn=seq does not run")
        .contains("bigserial or identity");
    assertThat(
            DryRunError.text(s, new SQLException("column \"message_id\" does not exist", "42703")))
        .startsWith("-Dcompletion.db.idColumn=message_id does not run");
    assertThat(DryRunError.text(s, new SQLException("permission denied for table", "42501")))
        .startsWith(
            "-Dcompletion.db.table=pipeline.messages -Dcompletion.db.idColumn=message_id"
                + " -Dcompletion.db.seqColumn=seq does not run: SQLSTATE 42501")
        .contains("may read the table");
  }

  @Test
  void thePollReadsAboveTheMarkAndTheHolesWithCommitTimesWhenKept() {
    DbCompletionSettings s = of(Map.of("completion", "db")).db();

    assertThat(s.poll(true))
        .isEqualTo(
            "(select message_id::text, seq::bigint,"
                + " (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
                + " from pipeline.messages where seq > ? order by seq limit ?) union all"
                + " (select message_id::text, seq::bigint,"
                + " (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
                + " from pipeline.messages where seq = any(?)) order by 2 limit ?");
    assertThat(s.poll(false)).contains("null::bigint from pipeline.messages");
  }
}
