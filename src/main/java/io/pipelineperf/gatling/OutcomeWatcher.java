package io.pipelineperf.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the service's outcomes topic in the Gatling JVM and hands each outcome to the tracker.
 * Assigned to every partition at its end offset before the load starts, so it sees exactly the
 * outcomes of this run. It never commits offsets and joins no group, so it leaves nothing behind on
 * the broker.
 */
public final class OutcomeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final OutcomeTracker tracker;
  private final Thread poller;
  private volatile boolean running = true;

  /**
   * Connects, assigns all partitions of the topic and positions at their ends; returns when
   * positioned. Fails when the topic does not appear within {@code readyTimeout}.
   */
  public OutcomeWatcher(
      String bootstrapServers,
      String outcomesTopic,
      Map<String, String> consumerProperties,
      OutcomeTracker tracker,
      Duration readyTimeout) {
    this.tracker = tracker;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-perf-outcome-watcher");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    props.putAll(consumerProperties);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
    try {
      List<TopicPartition> partitions = partitions(outcomesTopic, readyTimeout);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition p : partitions) {
        consumer.position(p, readyTimeout); // resolves the end offsets now, before any load
      }
      LOG.info(
          "Watching {} ({} partitions) from their end offsets", outcomesTopic, partitions.size());
    } catch (RuntimeException e) {
      consumer.close(Duration.ofSeconds(5));
      throw e;
    }
    this.poller = new Thread(this::pollLoop, "outcome-watcher");
    poller.setDaemon(true);
    poller.start();
  }

  private List<TopicPartition> partitions(String topic, Duration readyTimeout) {
    long until = System.nanoTime() + readyTimeout.toNanos();
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, readyTimeout);
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
          partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "Outcomes topic '"
                + topic
                + "' has no partitions after "
                + readyTimeout.toSeconds()
                + " s; check -Dtopic.outcomes and that the service created it");
      }
      sleep(200);
    }
  }

  private void pollLoop() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          long seen = EpochNanos.now();
          Outcome outcome = parse(record.value());
          if (outcome != null) {
            tracker.onOutcome(outcome, seen);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("Outcome watcher stopped: outcomes are no longer seen", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private static Outcome parse(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.readValue(value, Outcome.class);
    } catch (IOException e) {
      LOG.warn("Ignoring an outcome that is not JSON: {}", e.getMessage());
      return null;
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the outcomes topic", e);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      poller.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
