package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The external target, pointed at an embedded stack that is already running. */
// alone: it sets the external endpoints as system properties for a moment
@Isolated
class ExternalStackIT {
  private static EmbeddedStack embedded;

  @BeforeAll
  static void startEmbedded() {
    embedded =
        EmbeddedStack.start(
            StackConfig.defaults().withRunDir(Path.of("target/it-runs/ExternalStackIT")));
  }

  @AfterAll
  static void stopEmbedded() {
    if (embedded != null) {
      embedded.close();
    }
  }

  private static Map<String, String> endpoints() {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.bootstrap", embedded.kafkaBootstrap());
    m.put("db.url", embedded.dbUrl());
    m.put("db.user", embedded.dbUser());
    m.put("db.password", embedded.dbPassword());
    m.put("http.url", embedded.httpUrl());
    return m;
  }

  private static StackConfig externalConfig() {
    return StackConfig.defaults().withTarget(Target.EXTERNAL);
  }

  @Test
  void connectsToTheRunningStackAndCreatesMissingTopics() throws Exception {
    Topics other = new Topics("ext.in", "ext.out", "ext.dlq", 2);
    try (Stack external =
        ExternalStack.connect(
            externalConfig().withTopics(other), new Settings(endpoints(), Map.of()))) {
      assertThat(external.target()).isEqualTo(Target.EXTERNAL);
      assertThat(external.kafkaBootstrap()).isEqualTo(embedded.kafkaBootstrap());
      assertThat(external.dbUrl()).isEqualTo(embedded.dbUrl());
      assertThat(external.httpUrl()).isEqualTo(embedded.httpUrl());
      try (Admin admin = Admin.create(TopicCreator.adminProperties(external.kafkaBootstrap()))) {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        assertThat(names).contains("ext.in", "ext.out", "ext.dlq", "pipeline.messages");
      }
    }
    assertThat(embedded.service().isRunning()).as("external close starts/stops nothing").isTrue();
  }

  @Test
  void aServiceWithoutHttpIsConnectedWithoutHttpUrl() {
    Map<String, String> e = endpoints();
    e.remove("http.url");
    try (Stack external = ExternalStack.connect(externalConfig(), new Settings(e, Map.of()))) {
      assertThat(external.httpUrl()).isNull();
    }
  }

  @Test
  void stackStartDispatchesOnTarget() {
    // Stack.start reads the endpoints from system properties for the external target
    Map<String, String> e = endpoints();
    e.forEach(System::setProperty);
    try (Stack s = Stack.start(externalConfig())) {
      assertThat(s).isInstanceOf(ExternalStack.class);
    } finally {
      e.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void unreachableKafkaIsReportedClearly() {
    Map<String, String> e = endpoints();
    int port = PortAllocator.freePort();
    e.put("kafka.bootstrap", "127.0.0.1:" + port);
    assertThatThrownBy(() -> ExternalStack.connect(externalConfig(), new Settings(e, Map.of())))
        .isInstanceOf(StackStartException.class)
        .hasMessageContaining("Kafka at kafka.bootstrap=127.0.0.1:" + port + " did not answer");
  }

  @Test
  void unreachableDatabaseIsReportedClearly() {
    Map<String, String> e = endpoints();
    // (a wrong password is not testable here: zonky's pg_hba trusts local connections)
    e.put("db.url", PostgresServer.jdbcUrl(PortAllocator.freePort()));
    assertThatThrownBy(() -> ExternalStack.connect(externalConfig(), new Settings(e, Map.of())))
        .isInstanceOf(StackStartException.class)
        .hasMessageContaining("SQLSTATE 08001")
        .hasMessageContaining("check -Ddb.url, -Ddb.user and -Ddb.password");
  }

  @Test
  void unreachableServiceIsReportedClearly() {
    Map<String, String> e = endpoints();
    e.put("http.url", "http://127.0.0.1:" + PortAllocator.freePort());
    assertThatThrownBy(() -> ExternalStack.connect(externalConfig(), new Settings(e, Map.of())))
        .isInstanceOf(StackStartException.class)
        .hasMessageContaining("does not answer GET /health");
  }
}
