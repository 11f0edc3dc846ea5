package io.pipelineperf.faults.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.faults.Faults;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each database fault against a real, durable PostgreSQL with the service's migrations: inject
 * shows the expected SQLSTATE or effect to a client that calls the procedure like the service, heal
 * makes the calls succeed again.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DatabaseFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static EmbeddedPostgres postgres;
  private static PostgresAdmin admin;
  private static String url;
  private ServiceLikeClient client;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "30")
            .start();
    url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .schemas("pipeline")
        .load()
        .migrate();
    admin = new PostgresAdmin(url, "postgres", "postgres");
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void openClient() {
    client = new ServiceLikeClient(url, 2, Duration.ofMillis(500));
    assertThat(client.write("C-1", "C-2")).isEqualTo(ServiceLikeClient.OK);
  }

  @AfterEach
  void closeClient() {
    client.close();
    admin.run(
        "cleanup",
        "update pipeline.fault_control set enabled = false",
        "alter system reset all",
        "select pg_reload_conf()");
  }

  @Test
  void everyFaultCanBeInjectedHere() {
    assertThat(new ProcedureErrorFault(admin, "40001", 1).skipReason()).isEmpty();
    assertThat(new StatementTimeoutFault(admin, Duration.ofMillis(100), 1).skipReason()).isEmpty();
    assertThat(new DeadlockFault(admin, "pipeline-service", WAIT).skipReason()).isEmpty();
    PostgresAdmin nowhere = new PostgresAdmin("jdbc:postgresql://127.0.0.1:1/postgres", "x", "y");
    assertThat(new ProcedureSlowFault(nowhere, Duration.ofMillis(5), 1).skipReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("cannot connect"));
  }

  @Test
  void procedureErrorRaisesTheChosenSqlState() {
    ProcedureErrorFault fault = new ProcedureErrorFault(admin, "40001", 1.0);
    try {
      fault.inject();
      assertThat(client.write("C-1", "C-2")).isEqualTo("40001");
    } finally {
      fault.heal();
    }
    assertThat(client.write("C-1", "C-2")).isEqualTo(ServiceLikeClient.OK);
    fault.heal(); // idempotent
  }

  @Test
  void procedureSlowDelaysEveryCall() {
    ProcedureSlowFault fault = new ProcedureSlowFault(admin, Duration.ofMillis(300), 1.0);
    try {
      fault.inject();
      long start = System.nanoTime();
      assertThat(client.write("C-1", "C-2")).isEqualTo(ServiceLikeClient.OK);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(600);
    } finally {
      fault.heal();
    }
    assertThat(enabledRows()).isZero();
  }

  @Test
  void compositeHealsEveryMember() {
    Faults both =
        Faults.of(
            new ProcedureSlowFault(admin, Duration.ofMillis(50), 1.0),
            new ProcedureErrorFault(admin, "57014", 1.0));
    try {
      both.inject();
      assertThat(enabledRows()).isEqualTo(2);
      assertThat(client.write("C-1")).isEqualTo("57014");
    } finally {
      both.heal();
    }
    assertThat(enabledRows()).isZero();
    assertThat(client.write("C-1")).isEqualTo(ServiceLikeClient.OK);
  }

  @Test
  void statementTimeoutReachesSessionsOpenedBeforeAndSparesOurOwn() throws SQLException {
    StatementTimeoutFault fault = new StatementTimeoutFault(admin, Duration.ofMillis(200), 1.0);
    try (Connection pooled = client.connection()) { // a pool session open before the fault
      pooled.rollback();
      try {
        fault.inject();
        assertThatThrownBy(() -> ServiceLikeClient.call(pooled, "C-1"))
            .isInstanceOfSatisfying(
                SQLException.class,
                e -> assertThat(ServiceLikeClient.sqlState(e)).isEqualTo("57014"));
        pooled.rollback();
        assertThat(showStatementTimeout(admin.open())).isEqualTo("0");
      } finally {
        fault.heal();
      }
      ServiceLikeClient.call(pooled, "C-1");
      pooled.commit();
    }
    assertThat(showStatementTimeout(admin.openWithServerDefaults())).isEqualTo("0");
  }

  @Test
  void statementTimeoutHealPutsBackAnEarlierAlterSystemValue() throws SQLException {
    admin.run("setup", "alter system set statement_timeout = '45s'", "select pg_reload_conf()");
    StatementTimeoutFault fault = new StatementTimeoutFault(admin, Duration.ofMillis(100), 1.0);
    try {
      fault.inject();
      assertThat(showStatementTimeout(admin.openWithServerDefaults())).isEqualTo("100ms");
    } finally {
      fault.heal();
    }
    await()
        .atMost(WAIT)
        .until(() -> showStatementTimeout(admin.openWithServerDefaults()).equals("45s"));
  }

  @Test
  void connectionsKilledOnceBreaksTheServiceTransaction() throws SQLException {
    ConnectionsKilledFault fault = ConnectionsKilledFault.once(admin, "pipeline-service");
    try (Connection pooled = client.connection()) {
      ServiceLikeClient.call(pooled, "C-1"); // a transaction in progress
      fault.inject();
      assertThat(fault.terminated()).isGreaterThanOrEqualTo(1);
      assertThatThrownBy(() -> ServiceLikeClient.call(pooled, "C-2"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> assertThat(ServiceLikeClient.sqlState(e)).matches("57P01|08.*"));
    } finally {
      fault.heal();
    }
    await().atMost(WAIT).until(() -> client.write("C-1", "C-2").equals(ServiceLikeClient.OK));
  }

  @Test
  void connectionsKilledRepeatedlyAlsoKillsNewSessionsUntilHealed() throws SQLException {
    ConnectionsKilledFault fault =
        ConnectionsKilledFault.repeatedly(admin, "pipeline-service", Duration.ofMillis(100), WAIT);
    try {
      fault.inject();
      int first = fault.terminated();
      await() // the pool opens replacements only when used: keep using it
          .atMost(WAIT)
          .until(() -> !client.write("C-1").isEmpty() && fault.terminated() > first);
      try (Connection opened = admin.open()) {
        assertThat(countSessions(opened)).isGreaterThanOrEqualTo(1); // our own are spared
      }
    } finally {
      fault.heal();
    }
    await().atMost(WAIT).until(() -> client.write("C-1", "C-2").equals(ServiceLikeClient.OK));
    int afterHeal = fault.terminated();
    assertThat(client.write("C-2")).isEqualTo(ServiceLikeClient.OK);
    assertThat(fault.terminated()).isEqualTo(afterHeal);
  }

  @Test
  void deadlockAbortsTheServiceTransactionWith40P01() {
    DeadlockFault fault = new DeadlockFault(admin, "pipeline-service", WAIT);
    try {
      fault.inject();
      // C-2 is the greatest customer, so the fault baits on it; C-1 is what we hold meanwhile
      await()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .until(() -> client.write("C-1", "C-2").equals("40P01"));
      await().atMost(WAIT).until(() -> fault.deadlocks() >= 1); // counted once our lock is granted
    } finally {
      fault.heal();
    }
    assertThat(client.write("C-1", "C-2")).isEqualTo(ServiceLikeClient.OK);
  }

  @Test
  void poolExhaustionMakesThePoolTimeOutUntilHealed() {
    PoolExhaustionFault fault = new PoolExhaustionFault(admin, "pipeline-service", WAIT);
    try {
      fault.inject();
      assertThat(fault.slotsHeld()).isGreaterThan(1);
      await()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .until(() -> client.write("C-1").equals(ServiceLikeClient.POOL_TIMEOUT));
    } finally {
      fault.heal();
    }
    assertThat(fault.slotsHeld()).isZero();
    await().atMost(WAIT).until(() -> client.write("C-1", "C-2").equals(ServiceLikeClient.OK));
  }

  private static int enabledRows() {
    try (Connection c = admin.open();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from pipeline.fault_control where enabled")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String showStatementTimeout(Connection connection) throws SQLException {
    try (Connection c = connection;
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show statement_timeout")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int countSessions(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from pg_stat_activity where application_name = '"
                    + PostgresAdmin.APPLICATION_NAME
                    + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
