package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outcome watcher against a real broker: one "seen" per poll, latency, backlog, bad input. */
class OutcomeWatcherIT {

  private static TestBroker broker;

  record Seen(Outcome outcome, long seenEpochNanos) {}

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start(OutcomeWatcherIT.class);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  private static void createTopic(String topic) throws Exception {
    broker.createTopic(topic, 3);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "50"); // one batch per partition for a burst
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private static ProducerRecord<byte[], byte[]> outcome(String topic, int partition, String json) {
    return new ProducerRecord<>(topic, partition, null, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyOutcomeOfOnePollIsStampedWhenThePollReturnedAndArrivesWithoutTheIdleWait()
      throws Exception {
    String topic = "outcomes.stamp";
    createTopic(topic);
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (OutcomeWatcher watcher =
            new OutcomeWatcher(
                broker.bootstrap(),
                topic,
                Map.of(),
                (o, t) -> {
                  seen.add(new Seen(o, t));
                  sleepMillis(20); // slow handling must not shift the later records' stamps
                },
                Duration.ofSeconds(30));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < 5; i++) {
        producer.send(outcome(topic, 0, "{\"id\":\"m" + i + "\",\"status\":\"processed\"}"));
      }
      producer.send(outcome(topic, 0, "{\"id\":\"m5\",\"status\":\"brand-new\",\"extra\":[1,2]}"));
      producer.send(outcome(topic, 0, "not json"));
      producer.flush();
      long ackedAt = EpochNanos.now();
      // the unparseable record follows the last outcome and is counted after its (slow) handling
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  seen.size() == 6
                      && watcher.unparseable() == 1
                      && watcher.batchHandlingMicros().getTotalCount() == 1);

      assertThat(seen)
          .extracting(s -> s.seenEpochNanos())
          .containsOnly(seen.get(0).seenEpochNanos());
      // fetch.max.wait.ms=500 bounds idle fetches only: data is answered at once
      assertThat((seen.get(0).seenEpochNanos() - ackedAt) / 1_000_000).isLessThan(400);
      assertThat(seen.get(5).outcome().status()).isEqualTo("brand-new"); // passed on unchanged
      assertThat(watcher.unparseable()).isEqualTo(1);
      assertThat(watcher.outcomesSeen()).isEqualTo(6);
      assertThat(watcher.batchHandlingMicros().getTotalCount()).isEqualTo(1);
      assertThat(watcher.batchHandlingMicros().getMaxValue()).isGreaterThanOrEqualTo(100_000);
    }
  }

  @Test
  void backlogShowsWhenHandlingFallsBehindAndIsZeroWhenItKeepsUp() throws Exception {
    String topic = "outcomes.lag";
    createTopic(topic);
    CountDownLatch release = new CountDownLatch(1);
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (OutcomeWatcher watcher =
            new OutcomeWatcher(
                broker.bootstrap(),
                topic,
                Map.of("max.poll.records", "10"),
                (o, t) -> {
                  seen.add(new Seen(o, t));
                  awaitLatch(release);
                },
                Duration.ofSeconds(30));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(outcome(topic, 1, "{\"id\":\"first\",\"status\":\"processed\"}")).get();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
      assertThat(watcher.maxLagRecords()).isZero(); // it kept up so far
      for (int i = 0; i < 200; i++) {
        producer.send(outcome(topic, 1, "{\"id\":\"b" + i + "\",\"status\":\"processed\"}"));
      }
      producer.flush();
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 201);
      // polls of 10 records each: after the first of them, most of the burst was still behind
      assertThat(watcher.maxLagRecords()).isGreaterThanOrEqualTo(100);
      await().atMost(Duration.ofSeconds(5)).until(() -> watcher.lastLagRecords() == 0);
    }
  }

  @Test
  void anOutcomeTheTrackerThrowsOnCostsOnlyThatOutcome() throws Exception {
    String topic = "outcomes.throwing";
    createTopic(topic);
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (OutcomeWatcher watcher =
            new OutcomeWatcher(
                broker.bootstrap(),
                topic,
                Map.of(),
                (o, t) -> {
                  if (o.id().equals("bad")) {
                    throw new IllegalStateException("planted");
                  }
                  seen.add(new Seen(o, t));
                },
                Duration.ofSeconds(30));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(outcome(topic, 2, "{\"id\":\"bad\",\"status\":\"processed\"}"));
      producer.send(outcome(topic, 2, "{\"id\":\"good\",\"status\":\"processed\"}"));
      producer.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
      assertThat(watcher.trackerFailures()).isEqualTo(1);
      producer.send(outcome(topic, 2, "{\"id\":\"later\",\"status\":\"processed\"}")).get();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      assertThat(watcher.gaveUp()).isFalse();
    }
  }

  @Test
  void anyServicesOutputTopicIsReadByIdHeaderAndNestedStatus() throws Exception {
    String topic = "foreign.output";
    createTopic(topic);
    OutputTopicReader reader =
        new OutputTopicReader(
            OutputTopicReader.IdSource.parse("completion.id", "header:trace-id"),
            OutputTopicReader.pointer("completion.status", "/result/state"),
            Set.of("OK"),
            Set.of("REJECTED"));
    List<Seen> seen = new CopyOnWriteArrayList<>();
    try (OutcomeWatcher watcher =
            new OutcomeWatcher(
                broker.bootstrap(),
                topic,
                reader,
                Map.of(),
                (o, t) -> seen.add(new Seen(o, t)),
                Duration.ofSeconds(30));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(withHeader(topic, "a", "{\"result\":{\"state\":\"ok\"}}"));
      producer.send(withHeader(topic, "b", "{\"result\":{\"state\":\"REJECTED\"}}"));
      producer.send(withHeader(topic, "c", "{\"result\":{\"state\":\"half-done\"}}"));
      producer.send(withHeader(topic, null, "{\"result\":{\"state\":\"OK\"}}"));
      producer.send(withHeader(topic, "d", "not json"));
      producer.flush();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.size() == 3 && watcher.unparseable() == 2);
      assertThat(seen)
          .extracting(x -> x.outcome().id() + "=" + x.outcome().status())
          .containsExactly("a=processed", "b=dead-lettered", "c=half-done");
    }
  }

  private static ProducerRecord<byte[], byte[]> withHeader(String topic, String id, String json) {
    ProducerRecord<byte[], byte[]> r = outcome(topic, 0, json);
    if (id != null) {
      r.headers().add("trace-id", id.getBytes(StandardCharsets.UTF_8));
    }
    return r;
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
