package io.pipelineperf.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pipelineperf.gatling.KafkaDsl.awaitOutcome;
import static io.pipelineperf.gatling.KafkaDsl.checkRun;
import static io.pipelineperf.gatling.KafkaDsl.send;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pipelineperf.gatling.KafkaProtocolBuilder;
import io.pipelineperf.gatling.SendActionBuilder;
import io.pipelineperf.payload.Payload;
import java.util.Optional;

/**
 * Kafka ingress at a load profile ({@code -Dprofile=}, {@code -Drate=}, {@code -Dduration=}): each
 * virtual user sends one message to the input topic and waits for its outcome. Requests: {@code
 * send} (produce to acknowledge), {@code send e2e} (due time to outcome), {@code send
 * dead-lettered}, their {@code warmup }/{@code ramp } variants, and {@code run assertions} (lost,
 * duplicated, throughput, degradation; see summary.json).
 */
public class LoadSimulation extends Simulation {

  private final PipelineRun run = new PipelineRun(LoadSimulation.class);

  private final KafkaProtocolBuilder kafka = run.kafka();

  // -Dpayload=: the user's template and feeder instead of the lab's messages (see README).
  private final Optional<Payload> payload = Payload.fromSystemProperties(run::database);

  private final ScenarioBuilder kafkaIngress =
      payload
          .map(p -> kafkaIngress(run.topics().input(), p))
          .orElseGet(() -> kafkaIngress(run.topics().input()));

  private final ScenarioBuilder runChecks =
      scenario("run checks").exec(checkRun("run assertions", run::check));

  {
    payload.ifPresent(p -> run.onStackStarted(p::check));
    setUp(
            kafkaIngress
                .injectOpen(run.profile().injection())
                .andThen(runChecks.injectOpen(atOnceUsers(1))))
        .protocols(kafka)
        .assertions(
            details("send e2e").responseTime().percentile(95).lt((int) run.thresholds().e2eP95Ms()),
            global().failedRequests().percent().lt(run.thresholds().errorRatePct()),
            details("run assertions").failedRequests().count().is(0L));
  }

  /** One message per virtual user into the input topic, then its outcome awaited. */
  static ScenarioBuilder kafkaIngress(String inputTopic) {
    return scenario("kafka ingress")
        .exec(Messages.next())
        .exec(
            send("send")
                .topic(inputTopic)
                .key(Messages::customer)
                .valueBytes(Messages::json)
                .messageId(Messages::id))
        .exec(awaitOutcome());
  }

  /**
   * One message per virtual user rendered from the user's template ({@code -Dpayload=}), with the
   * next record of its feeder and a fresh run id as {@code #{messageId}}.
   */
  static ScenarioBuilder kafkaIngress(String inputTopic, Payload payload) {
    SendActionBuilder send =
        send("send")
            .topic(inputTopic)
            .key(payload.key())
            .valueBytes(payload.value())
            .messageId(payload.messageId());
    payload.headers().forEach(send::header);
    ScenarioBuilder scenario = scenario("kafka ingress");
    if (payload.feeder().isPresent()) {
      scenario = scenario.feed(payload.feeder().get());
    }
    return scenario.exec(payload.newMessage(Messages::nextId)).exec(send).exec(awaitOutcome());
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
