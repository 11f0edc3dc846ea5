package io.pipelineperf.faults.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy between a real PostgreSQL (zonky) and the real JDBC driver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyPostgresIT {
  private static EmbeddedPostgres postgres;
  private FaultProxy proxy;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.start("pg", 0, "127.0.0.1", postgres.getPort());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "10");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", props);
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void queriesPassAndLatencyDelaysThem() throws SQLException {
    try (Connection connection = connect()) {
      assertThat(selectOne(connection)).isEqualTo(1);
      proxy.add(Toxic.latency(Direction.DOWNSTREAM, 300, 0));
      long start = System.nanoTime();
      assertThat(selectOne(connection)).isEqualTo(1);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void downGivesConnectionRefusedThenHeals() throws SQLException {
    Connection open = connect();
    proxy.add(Toxic.down());
    assertThatThrownBy(() -> selectOne(open))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08006");
    open.close();
    assertThatThrownBy(this::connect)
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");

    proxy.remove("down");
    try (Connection connection = connect()) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void resetPeerBreaksTheOpenConnection() throws SQLException {
    try (Connection connection = connect()) {
      assertThat(selectOne(connection)).isEqualTo(1);
      proxy.add(Toxic.resetPeer(Direction.DOWNSTREAM, 0));
      assertThatThrownBy(() -> selectOne(connection))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("08006");
    }
  }
}
