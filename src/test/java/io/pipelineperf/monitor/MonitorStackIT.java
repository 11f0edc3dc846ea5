package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.ResourcesPage;
import io.pipelineperf.stack.Stack;
import io.pipelineperf.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The Monitor beside the real embedded stack: the service's own /metrics, pool, DB and lag. */
class MonitorStackIT {

  @Test
  void monitorsTheEmbeddedStackThroughALoadAndItsDrain() throws Exception {
    Path runDir = Path.of("target/it-runs/MonitorStackIT");
    List<Sample> samples;
    try (Stack stack = Stack.start(StackConfig.defaults().withRunDir(runDir))) {
      Monitor monitor = Monitor.start(MonitorConfig.forStack(stack, runDir));
      try {
        monitor.mark(Phases.WARM_UP);
        send(stack, 200, 200);
        monitor.mark(Phases.MEASURED);
        send(stack, 4000, 800);
        monitor.mark(Phases.COOL_DOWN);
        Optional<Duration> drained = monitor.awaitLagDrained(Duration.ofSeconds(120));
        assertThat(drained).as("lag drained after the load").isPresent();
        int now = monitor.samples().size();
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.samples().size() >= now + 2);
      } finally {
        monitor.stop();
      }
      samples = monitor.samples();
      System.out.printf(
          "MonitorStackIT: monitor own CPU %.2f ms/s over %d samples%n",
          monitor.ownCpuMillisPerSecond(), samples.size());
    }

    assertThat(TimeSeriesFile.read(runDir)).hasSameSizeAs(samples);
    // on a crowded machine a slow source can miss a tick: look at the measured phase as a whole
    java.util.Set<String> keys = new java.util.TreeSet<>();
    samples.stream()
        .filter(s -> s.phase().equals(Phases.MEASURED))
        .forEach(s -> keys.addAll(s.values().keySet()));
    assertThat(keys)
        .contains(
            "svc.cpu.pct",
            "svc.heap.used.bytes",
            "svc.heap.committed.bytes",
            "svc.gc.count",
            "svc.threads.live",
            "svc.fd.open",
            "pool.active",
            "pool.idle",
            "pool.pending",
            "pool.max",
            "db.sessions.total",
            "db.locks.waiting",
            "lag.total",
            "lag.members",
            "host.cpu.pct",
            "inj.cpu.pct");
    Sample measured =
        samples.stream()
            .filter(s -> s.has("pool.max") && s.has("lag.members"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(measured.get("pool.max")).isEqualTo(10.0);
    assertThat(measured.get("lag.members")).isEqualTo(3.0);

    ResourcesSummary summary = ResourcesSummary.of(samples);
    assertThat(summary.lag().drained()).isTrue();
    assertThat(summary.cpu().meanPct()).isNotNull();
    List<AssertionResult> checks =
        ResourceAssertions.check(summary, ResourceAssertions.Thresholds.defaults());
    Path page = ResourcesPage.write(runDir, samples, List.of());
    assertThat(Files.size(page)).isPositive();
    System.out.println("MonitorStackIT summary: " + summary.toJson().replaceAll("\\s+", " "));
    System.out.println("MonitorStackIT assertions: " + checks);
  }

  private static void send(Stack stack, int count, int perSecond) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    long periodNanos = 1_000_000_000L / perSecond;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long wait = start + i * periodNanos - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String customer = String.format(Locale.ROOT, "C-%06d", i % 97);
        String json =
            String.format(
                Locale.ROOT,
                "{\"id\":\"%s\",\"customer\":\"%s\",\"amount\":%d.50,\"currency\":\"EUR\","
                    + "\"createdAt\":\"%s\",\"note\":\"monitor-it\"}",
                UUID.randomUUID(),
                customer,
                1 + i % 500,
                Instant.now());
        producer.send(new ProducerRecord<>(stack.topics().input(), customer, json));
      }
      producer.flush();
    }
  }
}
