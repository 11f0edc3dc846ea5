package io.pipelineperf.gatling;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion for any Kafka consumer, with no cooperation from it ({@code -Dcompletion=offsets}): a
 * message counts as processed once the service's consumer group has committed an offset past the
 * message's own. That means "consumed and committed", which is weaker than "written": a service
 * that commits before it writes passes this check and loses messages all the same (the
 * reconciliation against its database still counts them lost).
 *
 * <p>The group's committed offsets are read every {@code pollInterval}; the seen time of every
 * message a read completes is the moment that read returned, so the e2e latency carries up to one
 * interval of resolution on top of the service's commit interval.
 */
public final class CommittedOffsetsWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommittedOffsetsWatcher.class);
  static final int MAX_CONSECUTIVE_FAILURES = 50;

  private final Admin admin;
  private final String topic;
  private final String group;
  private final Duration pollInterval;
  private final OutcomeWatcher.Sink sink;
  private final Map<Integer, ConcurrentNavigableMap<Long, String>> awaited =
      new ConcurrentHashMap<>();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong readFailures = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final Thread poller;
  private volatile boolean running = true;

  public CommittedOffsetsWatcher(
      String bootstrapServers,
      String topic,
      String group,
      Duration pollInterval,
      OutcomeWatcher.Sink sink) {
    this.topic = topic;
    this.group = group;
    this.pollInterval = pollInterval;
    this.sink = sink;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "pipeline-perf-offsets-completion"));
    this.poller = new Thread(this::pollLoop, "offsets-completion");
    poller.setDaemon(true);
    poller.start();
    LOG.info(
        "Completion by committed offsets: a message on {} is processed once group {} commits past"
            + " it (read every {} ms)",
        topic,
        group,
        pollInterval.toMillis());
  }

  /** Where an acknowledged message landed: it completes once the group commits past it. */
  public void acked(String id, String ackedTopic, int partition, long offset) {
    if (!topic.equals(ackedTopic)) {
      return; // another topic's messages are not this group's input
    }
    awaited.computeIfAbsent(partition, p -> new ConcurrentSkipListMap<>()).put(offset, id);
  }

  private void pollLoop() {
    int failuresInARow = 0;
    while (running) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(Math.max(1000, pollInterval.toMillis() * 10), TimeUnit.MILLISECONDS);
        complete(committed, EpochNanos.now());
        reads.incrementAndGet();
        failuresInARow = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        readFailures.incrementAndGet();
        if (++failuresInARow == 1) {
          LOG.warn("Reading the committed offsets of group {} failed ({}); retrying", group, e);
        }
        if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
          LOG.error(
              "Completion by committed offsets stopped after {} failed reads in a row: the"
                  + " messages still awaited will time out",
              failuresInARow);
          return;
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Completes every awaited message below its partition's committed offset. */
  void complete(Map<TopicPartition, OffsetAndMetadata> committed, long seenEpochNanos) {
    for (Map.Entry<Integer, ConcurrentNavigableMap<Long, String>> e : awaited.entrySet()) {
      OffsetAndMetadata at = committed.get(new TopicPartition(topic, e.getKey()));
      if (at == null) {
        continue;
      }
      // the committed offset is the next one the group will read: everything below is done
      ConcurrentNavigableMap<Long, String> done = e.getValue().headMap(at.offset());
      Map.Entry<Long, String> next;
      while ((next = done.pollFirstEntry()) != null) {
        completed.incrementAndGet();
        try {
          sink.onOutcome(
              new Outcome(next.getValue(), Outcome.PROCESSED, null, null), seenEpochNanos);
        } catch (RuntimeException failure) {
          LOG.warn("The tracker failed on message {}: {}", next.getValue(), failure.toString());
        }
      }
    }
  }

  /** Messages completed by a commit so far. */
  public long completed() {
    return completed.get();
  }

  /** Reads of the committed offsets that returned (each followed by its completions). */
  public long reads() {
    return reads.get();
  }

  /** Reads of the committed offsets that failed (each retried). */
  public long readFailures() {
    return readFailures.get();
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    try {
      poller.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
