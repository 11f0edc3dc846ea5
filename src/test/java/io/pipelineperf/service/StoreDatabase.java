package io.pipelineperf.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** An embedded PostgreSQL migrated the way the service migrates it, for the store's tests. */
final class StoreDatabase implements AutoCloseable {
  final EmbeddedPostgres postgres;
  final Database database;

  private StoreDatabase(EmbeddedPostgres postgres, Database database) {
    this.postgres = postgres;
    this.database = database;
  }

  static StoreDatabase start() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    try {
      Map<String, String> props = new HashMap<>();
      props.put("kafka.bootstrap", "127.0.0.1:9");
      props.put("db.url", postgres.getJdbcUrl("postgres", "postgres"));
      Database database =
          Database.open(
              ServiceConfig.from(props::get, Map.of()),
              new SimpleMeterRegistry(),
              Duration.ofSeconds(30));
      return new StoreDatabase(postgres, database);
    } catch (Exception | Error e) {
      postgres.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      database.close();
    } finally {
      postgres.close();
    }
  }
}
