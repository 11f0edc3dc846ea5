package io.pipelineperf.simulations;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.pipelineperf.gatling.KafkaDsl.awaitOutcome;
import static io.pipelineperf.gatling.KafkaDsl.checkRun;
import static io.pipelineperf.gatling.KafkaDsl.trackOutcome;
import static io.pipelineperf.gatling.KafkaDsl.trackedRequestName;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.pipelineperf.gatling.KafkaProtocolBuilder;
import io.pipelineperf.payload.Payload;
import java.util.Optional;

/**
 * HTTP ingress at a load profile: each virtual user posts one message to the service's {@code POST
 * /messages} and waits for its outcome on the outcomes topic. Requests: {@code http send} (the HTTP
 * exchange), {@code http send e2e} (due time to outcome), their {@code warmup }/{@code ramp }
 * variants and {@code run assertions}.
 */
public class HttpLoadSimulation extends Simulation {

  private final PipelineRun run = new PipelineRun(HttpLoadSimulation.class);

  private final KafkaProtocolBuilder kafka = run.kafka();

  // Open model: every virtual user sends one request, so users share one keep-alive pool instead
  // of each opening (and closing) its own connection. No warm-up: Gatling's default warm-up URL
  // is off loopback; the load profile's warm-up phase warms the HTTP path instead.
  private final HttpProtocolBuilder httpProtocol =
      http.contentTypeHeader("application/json")
          .acceptHeader("application/json")
          .shareConnections()
          .disableWarmUp();

  // -Dpayload=: the user's template and feeder instead of the lab's messages (see README).
  private final Optional<Payload> payload = Payload.fromSystemProperties(run::database);

  private final ScenarioBuilder httpIngress =
      payload
          .map(this::httpIngress)
          .orElseGet(
              () ->
                  scenario("http ingress")
                      .exec(Messages.next())
                      .exec(trackOutcome(Messages::id).as("http send"))
                      .exec(
                          http(trackedRequestName())
                              .post(session -> run.httpUrl() + "/messages")
                              .body(ByteArrayBody(Messages::json))
                              .check(status().is(202)))
                      .exec(awaitOutcome()));

  private final ScenarioBuilder runChecks =
      scenario("run checks").exec(checkRun("run assertions", run::check));

  {
    payload.ifPresent(p -> run.onStackStarted(p::check));
    setUp(
            httpIngress
                .injectOpen(run.profile().injection())
                .andThen(runChecks.injectOpen(atOnceUsers(1))))
        .protocols(kafka, httpProtocol)
        .assertions(
            details("http send e2e")
                .responseTime()
                .percentile(95)
                .lt((int) run.thresholds().e2eP95Ms()),
            global().failedRequests().percent().lt(run.thresholds().errorRatePct()),
            details("run assertions").failedRequests().count().is(0L));
  }

  /**
   * The user's template as the body, its headers as HTTP headers ({@code -Dpayload.key} unused).
   */
  private ScenarioBuilder httpIngress(Payload payload) {
    HttpRequestActionBuilder post =
        http(trackedRequestName())
            .post(session -> run.httpUrl() + "/messages")
            .body(ByteArrayBody(payload.value()))
            .check(status().is(202));
    for (var header : payload.headers().entrySet()) {
      post = post.header(header.getKey(), header.getValue());
    }
    ScenarioBuilder scenario = scenario("http ingress");
    if (payload.feeder().isPresent()) {
      scenario = scenario.feed(payload.feeder().get());
    }
    return scenario
        .exec(payload.newMessage(Messages::nextId))
        .exec(trackOutcome(payload.messageId()).as("http send"))
        .exec(post)
        .exec(awaitOutcome());
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
