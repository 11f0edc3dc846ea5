package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Faults injected through pipeline.fault_control are retried without loss or duplicates; the
 * planted defect no-idempotency is visible (duplicate rows, defect gauge).
 */
class FaultControlIT {
  static {
    System.setProperty("logback.configurationFile", PipelineService.LOGBACK_CONFIG);
  }

  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void injectedTransientErrorsAreRetriedAndDefectsShow() throws Exception {
    try (EmbeddedStack stack =
            EmbeddedStack.start(
                StackConfig.defaults()
                    .withRunDir(Path.of("target", "it-runs", "FaultControlIT"))
                    .withServiceProperty("consumer.maxPollRecords", "50"));
        PipelineClient client = new PipelineClient(stack)) {
      sql(
          stack,
          "insert into pipeline.fault_control (name, enabled, sqlstate, sleep_ms, probability)"
              + " values ('it-deadlock', true, '40P01', 1, 0.01)");
      Map<UUID, String> customerOf = new HashMap<>();
      for (int i = 0; i < 1500; i++) {
        customerOf.put(UUID.randomUUID(), "C-" + (i % 17));
      }
      List<UUID> ids = new ArrayList<>(customerOf.keySet());
      client.sendAll(ids, customerOf);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> client.ledgerCounts(ids).size() == ids.size());
      assertThat(client.ledgerCounts(ids).values()).containsOnly(1);
      assertThat(client.get("/metrics").body())
          .contains("pipeline_db_errors_total{class=\"transient\",sqlstate=\"40P01\"}")
          .containsPattern("pipeline_messages_retries_total [1-9]");
      sql(stack, "update pipeline.fault_control set enabled = false");

      stack.service().restartWith(Map.of("defect", "no-idempotency"));
      assertThat(client.get("/metrics").body())
          .contains("pipeline_defect_active{defect=\"no-idempotency\"} 1");
      List<UUID> again = ids.subList(0, 20);
      client.sendAll(again, customerOf);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> client.ledgerCounts(again).values().stream().allMatch(n -> n == 2));
    }
  }

  private static void sql(EmbeddedStack stack, String statement) throws Exception {
    try (Connection c =
            DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
