package io.pipelineperf.faults.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipelineperf.service.SqlErrorClassifier;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.UUID;

/**
 * Calls pipeline.process_message the way io.pipelineperf.service.MessageStore does: a HikariCP pool
 * (autocommit off, application_name pipeline-service), one transaction per batch, one call per
 * message in customer order.
 */
final class ServiceLikeClient implements AutoCloseable {
  static final String OK = "ok";
  static final String POOL_TIMEOUT = "pool-timeout";
  private static final String CALL = "call pipeline.process_message(?, ?, ?, ?, ?::jsonb, ?)";

  private final HikariDataSource pool;

  ServiceLikeClient(String jdbcUrl, int poolSize, Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("service-like");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setPassword("postgres");
    config.setMaximumPoolSize(poolSize);
    config.setAutoCommit(false);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(250);
    config.addDataSourceProperty("ApplicationName", PostgresAdmin.SERVICE_APPLICATION_NAME);
    config.addDataSourceProperty("connectTimeout", "5");
    config.addDataSourceProperty("socketTimeout", "30");
    pool = new HikariDataSource(config);
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** One transaction writing one message per customer; "ok", "pool-timeout" or the SQLSTATE. */
  String write(String... customers) {
    try (Connection c = pool.getConnection()) {
      try {
        call(c, customers);
        c.commit();
        return OK;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLTransientConnectionException e) {
      return POOL_TIMEOUT;
    } catch (SQLException e) {
      return sqlState(e);
    }
  }

  /** Calls the procedure once per customer in the open transaction of {@code c}, as a batch. */
  static void call(Connection c, String... customers) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CALL)) {
      for (String customer : customers) {
        s.setObject(1, UUID.randomUUID());
        s.setString(2, customer);
        s.setBigDecimal(3, BigDecimal.ONE);
        s.setString(4, "EUR");
        s.setString(5, "{}");
        s.setBoolean(6, true);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The statement's own SQLSTATE as the service finds it, or "no-sqlstate". */
  static String sqlState(SQLException e) {
    String state = SqlErrorClassifier.sqlState(e);
    return state == null ? "no-sqlstate" : state;
  }

  @Override
  public void close() {
    pool.close();
  }
}
