package io.pipelineperf.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pipelineperf.gatling.KafkaDsl.checkRun;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pipelineperf.gatling.KafkaProtocolBuilder;

/**
 * Steady Kafka ingress ({@code -Dprofile=}, default medium: 1000 msg/s) with the faults of {@code
 * -Dfault=a[,b…]} injected {@code -Dfault.at=} s (20) into the measured phase, healed {@code
 * -Dfault.hold=} s (15) later, then {@code -Dfault.settle=} s (45) of the same load. The measured
 * phase lasts exactly that long. Requests are those of {@link LoadSimulation}; {@code run
 * assertions} judges each fault: recovery under 30 s, nothing lost or duplicated, error rate
 * outside the fault window under 1 %, every acknowledged message processed by the end.
 */
public class FaultSimulation extends Simulation {

  private final PipelineRun run = PipelineRun.withFaults(FaultSimulation.class);

  private final KafkaProtocolBuilder kafka = run.kafka();

  /** The same ingress as {@link LoadSimulation}: one message per user, its outcome awaited. */
  private final ScenarioBuilder kafkaIngress = LoadSimulation.kafkaIngress(run.topics().input());

  private final ScenarioBuilder runChecks =
      scenario("run checks").exec(checkRun("run assertions", run::check));

  {
    setUp(
            kafkaIngress
                .injectOpen(run.profile().injection())
                .andThen(runChecks.injectOpen(atOnceUsers(1))))
        .protocols(kafka)
        .assertions(details("run assertions").failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    run.start();
  }

  @Override
  public void after() {
    run.stop();
  }
}
