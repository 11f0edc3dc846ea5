package io.pipelineperf.faults.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail at construction, naming the fault and the fix; nothing connects. */
class DatabaseFaultSettingsTest {
  private static final PostgresAdmin DB =
      new PostgresAdmin("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "postgres");

  @Test
  void adminNeedsAPostgresUrlAndAUser() {
    assertThatThrownBy(() -> new PostgresAdmin("jdbc:mysql://x/y", "u", "p"))
        .hasMessageContaining("jdbc:postgresql://");
    assertThatThrownBy(() -> new PostgresAdmin("jdbc:postgresql://x/y", " ", "p"))
        .hasMessageContaining("superuser");
  }

  @Test
  void procedureErrorNeedsAnErrorSqlStateAndAFraction() {
    assertThatThrownBy(() -> new ProcedureErrorFault(DB, "4001", 1))
        .hasMessageContaining("db-procedure-error")
        .hasMessageContaining("SQLSTATE");
    assertThatThrownBy(() -> new ProcedureErrorFault(DB, "01000", 1))
        .hasMessageContaining("not an error code");
    assertThatThrownBy(() -> new ProcedureErrorFault(DB, "40001", 0))
        .hasMessageContaining("probability");
    assertThatThrownBy(() -> new ProcedureErrorFault(DB, "40001", 1.5))
        .hasMessageContaining("probability");
    assertThat(new ProcedureErrorFault(DB, "PB001", 0.5).handledMeans()).contains("dead-lettered");
    assertThat(new ProcedureErrorFault(DB, "40001", 0.5).handledMeans()).contains("retried");
  }

  @Test
  void slowAndTimeoutNeedPositiveDurations() {
    assertThatThrownBy(() -> new ProcedureSlowFault(DB, Duration.ZERO, 1))
        .hasMessageContaining("db-slow");
    assertThatThrownBy(() -> new StatementTimeoutFault(DB, Duration.ZERO, 1))
        .hasMessageContaining("db-statement-timeout");
    StatementTimeoutFault fault = new StatementTimeoutFault(DB, Duration.ofMillis(100), 1);
    assertThat(fault.procedureSleep()).isGreaterThan(Duration.ofMillis(100));
  }

  @Test
  void serviceFaultsNeedTheServicesApplicationNameAndABoundedHold() {
    assertThatThrownBy(() -> ConnectionsKilledFault.once(DB, ""))
        .hasMessageContaining("application_name");
    assertThatThrownBy(() -> ConnectionsKilledFault.once(DB, PostgresAdmin.APPLICATION_NAME))
        .hasMessageContaining("faults' own");
    assertThatThrownBy(
            () ->
                ConnectionsKilledFault.repeatedly(
                    DB, "pipeline-service", Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new DeadlockFault(DB, "pipeline-service", Duration.ZERO))
        .hasMessageContaining("hold");
    assertThatThrownBy(() -> new PoolExhaustionFault(DB, "pipeline-service", Duration.ofDays(2)))
        .hasMessageContaining("hold");
  }

  @Test
  void healBeforeInjectIsHarmlessForTheLoopingFaults() {
    new DeadlockFault(DB, "pipeline-service", Duration.ofSeconds(1)).heal();
    new PoolExhaustionFault(DB, "pipeline-service", Duration.ofSeconds(1)).heal();
    ConnectionsKilledFault.once(DB, "pipeline-service").heal();
  }
}
