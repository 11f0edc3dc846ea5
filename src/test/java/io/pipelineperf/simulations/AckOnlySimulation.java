package io.pipelineperf.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pipelineperf.gatling.KafkaDsl.checkRun;
import static io.pipelineperf.gatling.KafkaDsl.send;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pipelineperf.analysis.AckOnlyThresholds;
import io.pipelineperf.gatling.KafkaProtocolBuilder;

/**
 * The load generator's own ceiling: Kafka ingress with the {@code send} action only (no outcome is
 * tracked or awaited, no service is needed), open model at the load profile ({@code -Drate=},
 * {@code -Dduration=}, with warm-up and ramp). Requests: {@code send} (produce to acknowledge), its
 * {@code warmup }/{@code ramp } variants and {@code run assertions} (ack p99 below {@code
 * -Dassert.ackP99Ms}, default 20; error rate; achieved ack rate; see summary.json).
 *
 * <p>On the embedded stack the service is not started (unless {@code -Dstack.service=true}). Give
 * an external target a topic no consumer reads, e.g. {@code -Dtopic.input=pipeline.bench.ack}, or
 * its service will process every message.
 */
public class AckOnlySimulation extends Simulation {

  private final PipelineRun run = PipelineRun.ackOnly(AckOnlySimulation.class);

  private final KafkaProtocolBuilder kafka = run.kafka();

  private final ScenarioBuilder kafkaSends =
      scenario("kafka ack-only")
          .exec(Messages.next())
          .exec(
              send("send")
                  .topic(run.topics().input())
                  .key(Messages::customer)
                  .valueBytes(Messages::json));

  private final ScenarioBuilder runChecks =
      scenario("run checks").exec(checkRun("run assertions", run::check));

  {
    setUp(
            kafkaSends
                .injectOpen(run.profile().injection())
                .andThen(runChecks.injectOpen(atOnceUsers(1))))
        .protocols(kafka)
        .assertions(
            details("send")
                .responseTime()
                .percentile(99)
                .lt((int) Math.ceil(AckOnlyThresholds.fromSystemProperties().ackP99Ms())),
            global().failedRequests().percent().lt(run.thresholds().errorRatePct()),
            details("run assertions").failedRequests().count().is(0L));
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
