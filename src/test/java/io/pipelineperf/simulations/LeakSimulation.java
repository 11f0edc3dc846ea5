package io.pipelineperf.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pipelineperf.gatling.KafkaDsl.checkRun;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pipelineperf.gatling.KafkaProtocolBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accelerated leak check: {@link LoadSimulation}'s Kafka ingress at a high rate into a service
 * with a small heap, so that a leak of a few hundred bytes per message shows within a minute, with
 * {@code -Dleak.check=true} (the {@code leak} section of summary.json, the "no leak" assertion).
 * Judged on "run assertions" only (loss, duplicates, the leak): a 96 MB heap at this rate is not a
 * latency run. Each default below applies unless given with {@code -D}.
 */
public class LeakSimulation extends Simulation {

  static final Map<String, String> DEFAULTS =
      Map.of(
          "leak.check", "true",
          "rate", "1500",
          "warmup", "10",
          "ramp", "0",
          "duration", "60",
          "stack.serviceHeap", "160m",
          // not a latency run: a small heap at 1500 msg/s queues; loss, duplicates, leaks are
          // judged
          "assert.e2eP95Ms", "10000");

  private final List<String> defaulted = applyDefaults();

  private final PipelineRun run = new PipelineRun(LeakSimulation.class);

  private final KafkaProtocolBuilder kafka = run.kafka();

  private final ScenarioBuilder runChecks =
      scenario("run checks").exec(checkRun("run assertions", run::check));

  {
    setUp(
            LoadSimulation.kafkaIngress(run.topics().input())
                .injectOpen(run.profile().injection())
                .andThen(runChecks.injectOpen(atOnceUsers(1))))
        .protocols(kafka)
        .assertions(details("run assertions").failedRequests().count().is(0L));
  }

  /** Sets each default not given by the user; they are cleared again in {@link #after()}. */
  private static List<String> applyDefaults() {
    List<String> set = new ArrayList<>();
    new LinkedHashMap<>(DEFAULTS)
        .forEach(
            (k, v) -> {
              if (System.getProperty(k) == null) {
                System.setProperty(k, v);
                set.add(k);
              }
            });
    return set;
  }

  @Override
  public void before() {
    run.start();
  }

  @Override
  public void after() {
    try {
      run.stop();
    } finally {
      defaulted.forEach(System::clearProperty);
    }
  }
}
