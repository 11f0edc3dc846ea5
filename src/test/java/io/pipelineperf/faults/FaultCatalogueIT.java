package io.pipelineperf.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.faults.infra.CpuOverloadFault;
import io.pipelineperf.faults.infra.DiskFullFault;
import io.pipelineperf.faults.kafka.ConsumerRebalanceFault;
import io.pipelineperf.faults.kafka.PoisonMessagesFault;
import io.pipelineperf.faults.proxy.FaultProxy;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import io.pipelineperf.stack.TmpfsMount;
import io.pipelineperf.verify.DeadLetterCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Every non-database fault of the catalogue, injected briefly and healed on ONE embedded stack with
 * fault proxies, host names and (where mount works) a tmpfs, under a trickle of messages: the
 * mechanism must take effect, and after heal the service must be ready and messages must flow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FaultCatalogueIT {
  // each check has already seen the mechanism take effect: the hold only keeps it a moment longer
  private static final Duration HOLD = Duration.ofSeconds(1);
  private static final Duration RECOVERY = Duration.ofSeconds(120);

  private static EmbeddedStack stack;
  private static PipelineTraffic traffic;
  private static FaultContext context;

  @FunctionalInterface
  interface Check {
    void verify(Fault fault) throws Exception;
  }

  @BeforeAll
  static void startStack() {
    Optional<String> noTmpfs = TmpfsMount.unavailable();
    noTmpfs.ifPresent(
        why -> System.out.println("[fault-it] no tmpfs (disk-full will skip): " + why));
    StackConfig config =
        StackConfig.defaults()
            .withRunDir(Path.of("target", "it-runs", "faults"))
            .withFaultProxies(true)
            .withFaultDns(true)
            .withFaultDisk(noTmpfs.isEmpty(), "384m")
            .withServiceProperty("consumer.maxPollRecords", "100");
    stack = EmbeddedStack.start(config);
    context = FaultContext.of(stack).withMaxHold(Duration.ofMinutes(3));
    traffic = new PipelineTraffic(stack, 10);
  }

  @AfterAll
  static void stopStack() {
    if (traffic != null) {
      System.out.printf(
          "[fault-it] trickle: %d acked, %d failed%n",
          traffic.trickleAcked(), traffic.trickleFailed());
      traffic.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** Inject, check the effect, hold, heal, then: ready again and fresh messages written once. */
  private static void exercise(String id, Check whileInjected) throws Exception {
    Fault fault = FaultCatalogue.create(id, context);
    Optional<String> skip = fault.skipReason();
    if (skip.isPresent()) {
      System.out.println("[fault-it] SKIP " + id + ": " + skip.get());
      Assumptions.abort(id + " cannot be injected here: " + skip.get());
    }
    long t0 = System.nanoTime();
    fault.inject();
    try {
      whileInjected.verify(fault);
      Thread.sleep(HOLD.toMillis());
    } finally {
      fault.heal();
    }
    long healed = System.nanoTime();
    await("service ready after " + id)
        .atMost(RECOVERY)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> traffic.readyStatus() == 200);
    long ready = System.nanoTime();
    traffic.assertFlows(5, RECOVERY);
    System.out.printf(
        "[fault-it] %s: injected+held %.1f s, ready %.1f s after heal, flowing %.1f s after heal%n",
        id, (healed - t0) / 1e9, (ready - healed) / 1e9, (System.nanoTime() - healed) / 1e9);
  }

  private static void awaitNotReady(Duration max) {
    await("service not ready")
        .atMost(max)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> traffic.readyStatus() != 200);
  }

  private static FaultProxy kafkaProxy() {
    return stack.kafkaProxy().orElseThrow();
  }

  private static FaultProxy dbProxy() {
    return stack.dbProxy().orElseThrow();
  }

  @Test
  @Order(1)
  void servicePause() throws Exception {
    exercise("service-pause", f -> assertThat(traffic.readyStatus()).isEqualTo(-1));
  }

  @Test
  @Order(2)
  void serviceCrash() throws Exception {
    exercise(
        "service-crash",
        f -> {
          assertThat(stack.service().isRunning()).isFalse();
          assertThat(traffic.readyStatus()).isEqualTo(-1);
        });
  }

  @Test
  @Order(3)
  void brokerSlowNetwork() throws Exception {
    exercise(
        "broker-slow-network",
        f -> {
          // 100 ms +-30 each way through the service's path, however fast the broker is
          assertThat(
                  PipelineTraffic.kafkaRoundTripMillis(kafkaProxy().port(), Duration.ofSeconds(5)))
              .isGreaterThanOrEqualTo(140);
        });
  }

  @Test
  @Order(4)
  void brokerPartition() throws Exception {
    exercise(
        "broker-partition",
        f -> {
          assertThat(
                  PipelineTraffic.kafkaRoundTripMillis(kafkaProxy().port(), Duration.ofSeconds(2)))
              .isEqualTo(-1);
          assertThat(
                  PipelineTraffic.kafkaRoundTripMillis(
                      stack.broker().proxiedListenerPort(), Duration.ofSeconds(5)))
              .as("the broker itself still answers")
              .isGreaterThanOrEqualTo(0);
          awaitNotReady(Duration.ofSeconds(30));
        });
  }

  @Test
  @Order(5)
  void networkPartition() throws Exception {
    exercise(
        "network-partition",
        f -> {
          assertThat(
                  PipelineTraffic.kafkaRoundTripMillis(kafkaProxy().port(), Duration.ofSeconds(2)))
              .isEqualTo(-1);
          assertThat(traffic.dbLoginWorks(dbProxy().port())).isFalse();
          assertThat(traffic.dbLoginWorks(stack.postgres().port())).isTrue();
          awaitNotReady(Duration.ofSeconds(30));
        });
  }

  @Test
  @Order(6)
  void dnsFailure() throws Exception {
    exercise(
        "dns-failure",
        f -> {
          assertThat(stack.hostsFile().orElseThrow().isMapped(EmbeddedStack.KAFKA_HOST)).isFalse();
          awaitNotReady(Duration.ofSeconds(45));
        });
  }

  @Test
  @Order(7)
  void serviceDiscoveryFailure() throws Exception {
    exercise(
        "service-discovery-failure",
        f -> {
          assertThat(Files.exists(stack.hostsFile().orElseThrow().path())).isFalse();
          awaitNotReady(Duration.ofSeconds(45));
        });
  }

  @Test
  @Order(8)
  void consumerRebalance() throws Exception {
    exercise(
        "consumer-rebalance",
        f -> {
          ConsumerRebalanceFault rebalance = (ConsumerRebalanceFault) f;
          await("intruders joined and took partitions")
              .atMost(Duration.ofSeconds(45))
              .until(() -> rebalance.joins() >= 4 && rebalance.partitionsTaken() > 0);
        });
  }

  @Test
  @Order(9)
  void poisonMessages() throws Exception {
    DeadLetterCounts deadLetters =
        DeadLetterCounts.from(stack.kafkaBootstrap(), stack.topics().dlq());
    PoisonMessagesFault[] poison = new PoisonMessagesFault[1];
    exercise(
        "poison-messages",
        f -> {
          poison[0] = (PoisonMessagesFault) f;
          await("poison sent")
              .atMost(Duration.ofSeconds(30))
              .until(() -> poison[0].sent().size() >= 8);
        });
    List<PoisonMessagesFault.Sent> sent = poison[0].sent();
    assertThat(poison[0].missingFromDlq(RECOVERY))
        .as("poison not in the DLQ as expected")
        .isEmpty();
    assertThat(traffic.rowCounts(sent.stream().map(PoisonMessagesFault.Sent::id).toList()))
        .as("poison written to pipeline.messages")
        .isEmpty();
    Map<String, Long> counted = deadLetters.count(Duration.ofSeconds(30));
    Map<String, Long> expected = new java.util.TreeMap<>();
    sent.forEach(s -> expected.merge(s.kind().reasonCode(), 1L, Long::sum));
    // at least each poison message by its reason (a redelivered one may be dead-lettered twice)
    assertThat(counted).as("dead letters by reason").containsOnlyKeys(expected.keySet());
    expected.forEach((code, n) -> assertThat(counted.get(code)).as(code).isGreaterThanOrEqualTo(n));
    System.out.println(
        "[fault-it] poison-messages: " + sent.size() + " sent, all dead-lettered: " + counted);
  }

  @Test
  @Order(10)
  void cpuOverload() throws Exception {
    exercise(
        "cpu-overload",
        f -> {
          long pid = ((CpuOverloadFault) f).burnerPid();
          assertThat(pid).isPositive();
          await("burner uses CPU")
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      ProcessHandle.of(pid)
                          .flatMap(h -> h.info().totalCpuDuration())
                          .map(d -> d.toMillis() >= 1000)
                          .orElse(false));
        });
  }

  @Test
  @Order(11)
  void dbDown() throws Exception {
    exercise(
        "db-down",
        f -> {
          assertThat(stack.postgres().isRunning()).isFalse();
          awaitNotReady(Duration.ofSeconds(30));
        });
  }

  @Test
  @Order(12)
  void diskFull() throws Exception {
    exercise(
        "disk-full",
        f -> {
          assertThat(((DiskFullFault) f).filledBytes()).isPositive();
          Path data = stack.diskMount().orElseThrow().dir();
          assertThat(Files.getFileStore(data).getUsableSpace()).isLessThan(1 << 20);
        });
  }

  @Test
  @Order(13)
  void brokerDown() throws Exception {
    exercise(
        "broker-down",
        f -> {
          assertThat(stack.broker().isRunning()).isFalse();
          awaitNotReady(Duration.ofSeconds(30));
        });
  }

  @Test
  @Order(14)
  void topicMissing() throws Exception {
    exercise(
        "topic-missing",
        f -> {
          try (Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                .doesNotContain(stack.topics().input());
          }
        });
  }

  @Test
  @Order(15)
  void serviceOom() throws Exception {
    exercise(
        "service-oom",
        f -> await().atMost(Duration.ofSeconds(60)).until(() -> !stack.service().isRunning()));
  }
}
