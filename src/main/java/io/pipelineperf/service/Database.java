package io.pipelineperf.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and the schema migrations. */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The application_name of the service's sessions (pg_stat_activity), pooled or not. */
  public static final String APPLICATION_NAME = "pipeline-service";

  /**
   * Opens the pool, waits (bounded) for PostgreSQL to answer, then applies the Flyway migrations.
   */
  public static Database open(ServiceConfig config, MeterRegistry registry, Duration awaitUp) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("pipeline");
    hikari.setJdbcUrl(config.dbUrl());
    hikari.setUsername(config.dbUser());
    hikari.setPassword(config.dbPassword());
    hikari.setMaximumPoolSize(config.dbPoolSize());
    hikari.setAutoCommit(false);
    hikari.setConnectionTimeout(2_000);
    hikari.setValidationTimeout(1_000);
    hikari.setInitializationFailTimeout(-1); // we await the database ourselves, with a clear error
    hikari.setLeakDetectionThreshold(60_000);
    hikari.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    hikari.addDataSourceProperty("connectTimeout", "5");
    hikari.addDataSourceProperty("socketTimeout", "60");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      awaitReachable(dataSource, config.dbUrl(), awaitUp);
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .schemas("pipeline")
          .load()
          .migrate();
      return new Database(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private static void awaitReachable(HikariDataSource dataSource, String url, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    while (true) {
      try (Connection c = dataSource.getConnection()) {
        c.rollback();
        return;
      } catch (SQLException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "PostgreSQL at db.url="
                  + url
                  + " did not answer within "
                  + timeout.toSeconds()
                  + " s (SQLSTATE "
                  + e.getSQLState()
                  + ": "
                  + e.getMessage()
                  + "): start the database or fix db.url/db.user/db.password",
              e);
        }
        log.info("waiting for PostgreSQL at {}: {}", url, e.getMessage());
        sleep(backoff.next());
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
    }
  }

  /**
   * A connection outside the pool (plain DriverManager), named like the pool's sessions: only the
   * planted {@code session-leak} uses it, and never closes it.
   */
  static Connection openUnpooled(ServiceConfig config) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", config.dbUser());
    props.setProperty("password", config.dbPassword());
    props.setProperty("ApplicationName", APPLICATION_NAME);
    props.setProperty("connectTimeout", "5");
    return java.sql.DriverManager.getConnection(config.dbUrl(), props);
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** True when a pooled connection can be had and answers within a second. */
  public boolean isReachable() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
