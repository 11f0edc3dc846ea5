package io.pipelineperf.bench.detector;

import io.pipelineperf.gatling.DbLogin;
import io.pipelineperf.stack.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code BenchmarkMain detector [rates…]}: the database completion detector alone ({@code
 * -Dcompletion=db}), its lag and CPU at each rate, without Kafka or a pipeline. It starts the lab's
 * embedded PostgreSQL (durable, {@code track_commit_timestamp=on}) in a temp directory, runs each
 * rate on a fresh table shaped like a pipeline's ({@link DetectorRun}), prints a markdown table
 * ({@link DetectorTable}) and stops the server and deletes its data, also on a failure or Ctrl-C (a
 * shutdown hook; PostgreSQL's reaper covers a SIGKILL). Exit 0 when every row inserted was seen, 1
 * when not or on a failure, 64 on a bad setting ({@link DetectorBenchSettings}).
 */
public final class DetectorBenchmark {

  static final int ALL_SEEN = 0;
  static final int FAILED = 1;
  static final int USAGE = 64;

  private DetectorBenchmark() {}

  public static int run(List<String> args, UnaryOperator<String> properties, PrintStream out) {
    DetectorBenchSettings settings;
    try {
      settings = DetectorBenchSettings.from(args, properties);
    } catch (IllegalArgumentException e) {
      System.err.println("[detector] " + e.getMessage());
      System.err.println("usage: BenchmarkMain detector [rate msg/s …] (default 1000 10000)");
      return USAGE;
    }
    Path logFile =
        Path.of(
            "target",
            "detector-bench",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")),
            "postgres.log");
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("pipeline-perf-detector-");
    } catch (IOException e) {
      System.err.println("[detector] cannot create a temp directory: " + e);
      return FAILED;
    }
    PostgresServer postgres = new PostgresServer(dataDir, logFile);
    Thread cleanup = new Thread(postgres::destroy, "detector-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    List<DetectorResult> results = new ArrayList<>();
    try {
      postgres.start();
      DbLogin login = new DbLogin(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
      out.println(
          "[detector] PostgreSQL pid "
              + postgres.pid()
              + " on port "
              + postgres.port()
              + ", data in "
              + dataDir
              + ", log "
              + logFile.toAbsolutePath());
      sql(login, "create schema " + DetectorBenchSettings.SCHEMA);
      DetectorRun run = new DetectorRun(settings, login, postgres.pid());
      for (int i = 0; i < settings.rates().size(); i++) {
        int rate = settings.rates().get(i);
        String table = DetectorBenchSettings.SCHEMA + ".messages_" + (i + 1);
        sql(login, createTable(table), "create index on " + table + " (seq)");
        out.println("[detector] " + rate + " msg/s into " + table + ": " + settings.describe());
        DetectorResult r = run.run(rate, table);
        results.add(r);
        out.print("[detector] " + DetectorTable.notes(r));
        sql(login, "drop table " + table);
      }
      out.println();
      out.print(DetectorTable.markdown(settings.describe(), results));
      return results.stream().allMatch(DetectorResult::allSeen) ? ALL_SEEN : FAILED;
    } catch (SQLException | RuntimeException e) {
      System.err.println("[detector] failed: " + e + " (PostgreSQL's log: " + logFile + ")");
      if (!results.isEmpty()) {
        out.print(DetectorTable.markdown(settings.describe() + " (stopped early)", results));
      }
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    } finally {
      postgres.destroy(); // stops the server, ends its reaper, deletes dataDir
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or has run
      }
    }
  }

  /** A pipeline's table: a text id, an identity sequence with an index, a payload. */
  static String createTable(String table) {
    return "create table "
        + table
        + " (id text primary key, seq bigint generated always as identity, payload text not null)";
  }

  private static void sql(DbLogin login, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(login.url(), login.user(), login.password());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
