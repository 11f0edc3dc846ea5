package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresServerIT {
  private static Path dir;
  private static PostgresServer pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    dir = Files.createTempDirectory("postgres-server-it");
    pg = new PostgresServer(dir.resolve("data"), Path.of("target/it-logs/PostgresServerIT/pg.log"));
    pg.start();
  }

  @AfterAll
  static void destroy() {
    if (pg != null) {
      pg.destroy();
      assertThat(pg.dataDir()).doesNotExist();
      assertThat(PortAllocator.isListening(pg.port())).isFalse();
    }
    FileTree.deleteQuietly(dir);
  }

  static Connection connect(int socketTimeoutSeconds) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", PostgresServer.USER);
    p.setProperty("password", PostgresServer.PASSWORD);
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
    return DriverManager.getConnection(pg.jdbcUrl(), p);
  }

  static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void settingsAreDurable() throws Exception {
    try (Connection c = connect(30)) {
      assertThat(show(c, "fsync")).isEqualTo("on");
      assertThat(show(c, "synchronous_commit")).isEqualTo("on");
      assertThat(show(c, "full_page_writes")).isEqualTo("on");
    }
  }

  @Test
  void killNineAndRestartKeepsCommittedRows() throws Exception {
    try (Connection c = connect(30);
        Statement s = c.createStatement()) {
      s.execute("create table kept(id int primary key)");
      s.execute("insert into kept select generate_series(1, 1000)");
    }
    long pid = pg.pid();
    pg.kill();
    assertThat(pg.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> connect(5).close()).isInstanceOf(SQLException.class);

    pg.start();
    try (Connection c = connect(30);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from kept")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1000);
      assertThat(show(c, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void pauseStallsQueriesAndResumeRestoresThem() throws Exception {
    try (Connection c = connect(2)) {
      pg.pause();
      try {
        assertThatThrownBy(
                () -> {
                  try (Statement s = c.createStatement()) {
                    s.executeQuery("select 1").close();
                  }
                })
            .isInstanceOf(SQLException.class);
      } finally {
        pg.resume();
      }
    }
    try (Connection c = connect(30)) {
      assertThat(show(c, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void gracefulStopAndStartAgain() throws Exception {
    pg.stop();
    assertThat(pg.isRunning()).isFalse();
    pg.start();
    try (Connection c = connect(30)) {
      assertThat(show(c, "synchronous_commit")).isEqualTo("on");
    }
  }
}
