package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseSamplerTest {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static DatabaseSampler sampler() {
    return new DatabaseSampler(
        postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", Duration.ofSeconds(2));
  }

  @Test
  void seesSessionsLockWaitsAndCounters() throws Exception {
    ExecutorService blocked = Executors.newSingleThreadExecutor();
    try (DatabaseSampler sampler = sampler();
        Connection holder = postgres.getPostgresDatabase().getConnection();
        Connection waiter = postgres.getPostgresDatabase().getConnection()) {
      try (Statement s = holder.createStatement()) {
        s.execute("create table if not exists lock_probe(id int primary key, v int)");
        s.execute("insert into lock_probe values (1, 0) on conflict do nothing");
      }
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("update lock_probe set v = v + 1 where id = 1");
      }
      Future<?> update =
          blocked.submit(
              () -> {
                try (Statement s = waiter.createStatement()) {
                  s.execute("update lock_probe set v = v + 1 where id = 1");
                }
                return null;
              });

      Map<String, Double> values = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                values.clear();
                sampler.sample(values);
                return values.get("db.locks.waiting") >= 1;
              });
      assertThat(values.get("db.sessions.waitingOnLock")).isGreaterThanOrEqualTo(1.0);
      assertThat(values.get("db.sessions.idleInTx")).isGreaterThanOrEqualTo(1.0);
      assertThat(values.get("db.sessions.total")).isGreaterThanOrEqualTo(2.0);
      assertThat(values).containsKeys("db.deadlocks", "db.xact.rollback", "db.xact.commit");

      holder.rollback();
      update.get(20, TimeUnit.SECONDS);
      values.clear();
      sampler.sample(values);
      assertThat(values.get("db.locks.waiting")).isZero();
    } finally {
      blocked.shutdownNow();
    }
  }

  @Test
  void countsTheServiceSessionsByApplicationName() throws Exception {
    String url = postgres.getJdbcUrl("postgres", "postgres");
    try (DatabaseSampler sampler = sampler();
        Connection other = postgres.getPostgresDatabase().getConnection();
        Connection service1 = serviceSession(url);
        Connection service2 = serviceSession(url)) {
      Map<String, Double> values = new HashMap<>();
      sampler.sample(values);
      assertThat(values.get("db.serviceSessions")).isEqualTo(2.0);
      assertThat(values.get("db.sessions.total")).isGreaterThanOrEqualTo(3.0);
      service2.close();
      // close() sends the server its Terminate and returns; the backend leaves pg_stat_activity a
      // moment later (a fresh clone's run saw it still there once)
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(
              () -> {
                values.clear();
                sampler.sample(values);
                assertThat(values.get("db.serviceSessions")).isEqualTo(1.0);
              });
    }
  }

  private static Connection serviceSession(String url) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    props.setProperty("ApplicationName", DatabaseSampler.SERVICE_APPLICATION_NAME);
    return java.sql.DriverManager.getConnection(url, props);
  }

  @Test
  void reconnectsAfterItsSessionIsKilled() throws Exception {
    try (DatabaseSampler sampler = sampler();
        Connection admin = postgres.getPostgresDatabase().getConnection()) {
      sampler.sample(new HashMap<>());
      try (Statement s = admin.createStatement()) {
        s.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
                + " where application_name = 'pipeline-perf-monitor'");
      }
      assertThatThrownBy(() -> sampler.sample(new HashMap<>())).isInstanceOf(SQLException.class);
      Map<String, Double> values = new HashMap<>();
      sampler.sample(values);
      assertThat(values).containsKey("db.sessions.total");
    }
  }
}
