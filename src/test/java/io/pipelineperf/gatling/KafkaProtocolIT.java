package io.pipelineperf.gatling;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pipelineperf.gatling.KafkaDsl.awaitOutcome;
import static io.pipelineperf.gatling.KafkaDsl.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pipelineperf.gatling.LoadProfile.Kind;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import io.pipelineperf.verify.Ledger.Mark;
import io.pipelineperf.verify.Reconciler;
import io.pipelineperf.verify.Reconciliation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kafka protocol in real Gatling runs (in this JVM) against the embedded stack: a stalled
 * injector and a paused service show up in e2e latency, poison is counted as dead-lettered, and
 * messages the service never processes are reported lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaProtocolIT {

  /** What a test hands its simulation, and what the simulation leaves for the test. */
  static final class Run {
    static volatile EmbeddedStack stack;
    static volatile KafkaProtocolBuilder kafka;
    static volatile LoadProfile profile;
    static volatile boolean poison;
    static volatile long stallAtMessage = -1;
  }

  private EmbeddedStack stack;

  @BeforeAll
  void startStack() {
    stack =
        EmbeddedStack.start(
            StackConfig.defaults().withRunDir(Path.of("target", "it-runs", "KafkaProtocolIT")));
    Run.stack = stack;
  }

  @AfterEach
  void closeRuntime() {
    if (Run.kafka != null) {
      try {
        Run.kafka.runtime().close();
      } catch (IllegalStateException notStarted) {
        // the run failed before starting
      }
      Run.kafka = null;
    }
    Run.poison = false;
    Run.stallAtMessage = -1;
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  /** One message per user at the run's profile, each awaiting its outcome. */
  public static class ItSimulation extends Simulation {
    private final AtomicLong users = new AtomicLong();
    private final KafkaProtocolBuilder kafka =
        KafkaDsl.kafka()
            .bootstrapServers(() -> Run.stack.kafkaBootstrap())
            .outcomesTopic(() -> Run.stack.topics().outcomes())
            .e2eTimeout(Duration.ofSeconds(5))
            .schedule(Run.profile);

    private final ScenarioBuilder messages =
        scenario("it")
            .exec(
                session -> {
                  if (users.getAndIncrement() == Run.stallAtMessage) {
                    // blocks an event loop: the injector stalls
                    java.util.concurrent.locks.LockSupport.parkNanos(1_500_000_000L);
                  }
                  return session.set("id", UUID.randomUUID().toString());
                })
            .exec(
                send("send")
                    .topic(Run.stack.topics().input())
                    .key("C-000001")
                    .value(session -> message(session.getString("id"), Run.poison ? -5 : 12.5))
                    .messageId("#{id}"))
            .exec(awaitOutcome());

    {
      Run.kafka = kafka;
      setUp(messages.injectOpen(Run.profile.injection())).protocols(kafka);
    }

    @Override
    public void before() {
      kafka.start().warmUp(Run.stack.topics().input());
    }
  }

  static String message(String id, double amount) {
    return "{\"id\":\""
        + id
        + "\",\"customer\":\"C-000001\",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\",\"createdAt\":\""
        + Instant.now()
        + "\",\"note\":\"it\"}";
  }

  private static KafkaRuntime run(LoadProfile profile) {
    Run.profile = profile;
    int status =
        Gatling$.MODULE$.fromArgs(
            new String[] {
              "--simulation",
              ItSimulation.class.getName(),
              "--results-folder",
              Path.of("target", "it-gatling").toAbsolutePath().toString(),
              "--no-reports"
            });
    assertThat(status).as("Gatling exit status").isZero();
    return Run.kafka.runtime();
  }

  private Reconciliation reconcile(KafkaRuntime runtime) {
    return new Reconciler(stack.dbUrl(), stack.dbUser(), stack.dbPassword())
        .reconcile(runtime.ledger());
  }

  @Test
  @Order(1)
  void aStalledInjectorShowsAsSchedulingDelayAndInE2e() {
    Run.stallAtMessage = 40;

    KafkaRuntime runtime = run(LoadProfile.of(Kind.LOW, 20, 0, 0, 5));

    RunMetrics m = runtime.metrics();
    assertThat(m.processed()).isEqualTo(100);
    assertThat(m.schedulingDelay().getMaxValue()).isGreaterThan(1_000_000); // µs
    assertThat(m.e2e().getMaxValue()).isGreaterThan(1_000_000);
    assertThat(reconcile(runtime).lost()).isZero();
  }

  @Test
  @Order(2)
  void aPausedServiceShowsInE2eButNotAsSchedulingDelay() {
    ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
    try {
      faults.schedule(stack.service()::pause, 1500, TimeUnit.MILLISECONDS);
      faults.schedule(stack.service()::resume, 3500, TimeUnit.MILLISECONDS);

      KafkaRuntime runtime = run(LoadProfile.of(Kind.LOW, 20, 0, 0, 5));

      RunMetrics m = runtime.metrics();
      assertThat(m.processed()).isEqualTo(100);
      assertThat(m.e2e().getMaxValue()).isGreaterThan(1_500_000);
      assertThat(m.schedulingDelay().getValueAtPercentile(50)).isLessThan(1_000_000);
    } finally {
      faults.shutdownNow();
      stack.service().resume();
    }
  }

  @Test
  @Order(3)
  void poisonIsCountedAsDeadLetteredNotProcessedNorLost() {
    Run.poison = true;

    KafkaRuntime runtime = run(LoadProfile.of(Kind.LOW, 10, 0, 0, 2));

    assertThat(runtime.metrics().deadLettered()).isEqualTo(20);
    assertThat(runtime.metrics().processed()).isZero();
    assertThat(runtime.ledger().count(Mark.DEAD_LETTERED)).isEqualTo(20);
    assertThat(reconcile(runtime).lost()).isZero();
  }

  @Test
  @Order(4)
  void messagesTheServiceNeverProcessesAreReportedLost() {
    stack.service().stop();
    try {
      KafkaRuntime runtime = run(LoadProfile.of(Kind.LOW, 10, 0, 0, 2));

      assertThat(runtime.ledger().count(Mark.ACKED)).isEqualTo(20);
      assertThat(runtime.metrics().timedOut()).isEqualTo(20);
      Reconciliation reconciliation = reconcile(runtime);
      assertThat(reconciliation.lost()).isEqualTo(20);
      assertThat(reconciliation.lostSample()).isNotEmpty();
    } finally {
      stack.service().start();
    }
  }
}
