package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service's own retry path: while PostgreSQL is down the consumers pause (and stay in the
 * group), and once it is back every message lands exactly once; SIGTERM then exits with 0.
 */
class DatabaseOutageIT {
  static {
    System.setProperty("logback.configurationFile", PipelineService.LOGBACK_CONFIG);
  }

  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void pausesWhileTheDatabaseIsDownAndLosesNothing() throws Exception {
    try (EmbeddedStack stack =
            EmbeddedStack.start(
                StackConfig.defaults()
                    .withRunDir(Path.of("target", "it-runs", "DatabaseOutageIT"))
                    .withServiceProperty("consumer.maxPollRecords", "100"));
        PipelineClient client = new PipelineClient(stack)) {
      Map<UUID, String> customerOf = new HashMap<>();
      for (int i = 0; i < 2000; i++) {
        customerOf.put(UUID.randomUUID(), "C-" + (i % 13));
      }
      List<UUID> ids = new ArrayList<>(customerOf.keySet());
      client.sendAll(ids.subList(0, 1000), customerOf);

      stack.postgres().stop();
      client.sendAll(ids.subList(1000, 2000), customerOf);
      await()
          .atMost(WAIT)
          .until(() -> client.get("/metrics").body().contains("pipeline_consumer_paused 1"));
      assertThat(client.get("/ready").statusCode()).isEqualTo(503);

      stack.postgres().start();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> client.ledgerCounts(ids).size() == ids.size());
      assertThat(client.ledgerCounts(ids).values()).containsOnly(1);
      assertThat(client.get("/metrics").body())
          .contains("pipeline_consumer_paused 0")
          .containsPattern("pipeline_messages_retries_total [1-9]");

      OptionalInt exit = stack.service().stopAndGetExitCode();
      assertThat(exit).hasValue(0);
    }
  }
}
