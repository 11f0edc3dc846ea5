package io.pipelineperf.gatling;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
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
 *
 * <p>Every outcome of one poll is stamped "seen" once, when the poll returns (the moment its
 * records arrived), so handling the earlier records of a batch never delays the later ones'
 * timestamps. After each poll it records how far it is behind the end of the outcomes topic ({@link
 * #maxLagRecords()}, {@link #lagRecords()}) and how long handing the batch over took ({@link
 * #batchHandlingMicros()}): a watcher that cannot keep up shows there, not as a slow service. A
 * failing poll is logged once, retried with a short backoff, and given up only after {@value
 * #MAX_CONSECUTIVE_FAILURES} failures in a row.
 */
public final class OutcomeWatcher implements AutoCloseable {

  /** Where the outcomes go ({@link OutcomeTracker#onOutcome}). */
  @FunctionalInterface
  public interface Sink {
    void onOutcome(Outcome outcome, long seenEpochNanos);
  }

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatcher.class);
  static final int MAX_CONSECUTIVE_FAILURES = 20;
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;
  private static final int WARN_UNPARSEABLE = 10;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long MAX_LAG = 1_000_000_000L;
  private static final long MAX_HANDLING_MICROS = 60_000_000L;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final OutcomeReader reader;
  private final List<TopicPartition> partitions;
  private final Sink tracker;
  private final Thread poller;
  private final Histogram lag = new SynchronizedHistogram(MAX_LAG, 2);
  private final Histogram handling = new SynchronizedHistogram(MAX_HANDLING_MICROS, 2);
  private final AtomicLong maxLag = new AtomicLong();
  private final AtomicLong outcomes = new AtomicLong();
  private final AtomicLong unparseable = new AtomicLong();
  private final AtomicLong pollFailures = new AtomicLong();
  private final AtomicLong trackerFailures = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean gaveUp;
  private volatile long lastLag;

  /**
   * Connects, assigns all partitions of the topic and positions at their ends; returns when
   * positioned. Fails when the topic does not appear within {@code readyTimeout}.
   */
  public OutcomeWatcher(
      String bootstrapServers,
      String outcomesTopic,
      Map<String, String> consumerProperties,
      Sink tracker,
      Duration readyTimeout) {
    this(
        bootstrapServers,
        outcomesTopic,
        OutcomeReader.OUTCOME_EVENTS,
        consumerProperties,
        tracker,
        readyTimeout);
  }

  /** As above, reading each record of {@code topic} with {@code reader}. */
  public OutcomeWatcher(
      String bootstrapServers,
      String topic,
      OutcomeReader reader,
      Map<String, String> consumerProperties,
      Sink tracker,
      Duration readyTimeout) {
    this.reader = reader;
    this.tracker = tracker;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-perf-outcome-watcher");
    // The broker answers a fetch as soon as one byte is there (fetch.min.bytes=1), so this wait
    // only bounds idle fetches: a short one made an idle watcher fetch 100 times a second.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
    props.putAll(consumerProperties);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
    try {
      partitions = partitions(topic, readyTimeout);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition p : partitions) {
        consumer.position(p, readyTimeout); // resolves the end offsets now, before any load
      }
      LOG.info("Watching {} ({} partitions) from their end offsets", topic, partitions.size());
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
        List<TopicPartition> found = new ArrayList<>();
        for (PartitionInfo info : infos) {
          found.add(new TopicPartition(info.topic(), info.partition()));
        }
        return found;
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "Topic '"
                + topic
                + "' has no partitions after "
                + readyTimeout.toSeconds()
                + " s: check -Dtopic.outcomes (or, with -Dcompletion=topic, -Dcompletion.output)"
                + " and that the service created it");
      }
      sleep(200);
    }
  }

  private void pollLoop() {
    int failuresInARow = 0;
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          continue; // close() woke it: the loop condition decides
        } catch (RuntimeException e) {
          failuresInARow++;
          pollFailures.incrementAndGet();
          if (!backOff(e, failuresInARow)) {
            return;
          }
          continue;
        }
        if (failuresInARow > 0) {
          LOG.info("Outcome watcher polls again after {} failed polls", failuresInARow);
          failuresInARow = 0;
        }
        if (!records.isEmpty()) {
          long seen = EpochNanos.now();
          handOver(records, seen);
          handling.recordValue(
              Math.max(0, Math.min(MAX_HANDLING_MICROS, (EpochNanos.now() - seen) / 1_000)));
        }
        try {
          recordLag();
        } catch (RuntimeException e) {
          // the backlog figure is bookkeeping: it must never stop the watcher seeing outcomes
          if (lagFailures++ == 0) {
            LOG.warn("Outcome watcher: cannot read its lag ({}); outcomes are still seen", e, e);
          }
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handOver(ConsumerRecords<byte[], byte[]> records, long seen) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Outcome outcome = parse(record);
      if (outcome == null) {
        continue;
      }
      outcomes.incrementAndGet();
      try {
        tracker.onOutcome(outcome, seen);
      } catch (RuntimeException e) {
        // one outcome the tracker could not take must not cost the rest of the batch
        long n = trackerFailures.incrementAndGet();
        if (n <= WARN_UNPARSEABLE) {
          LOG.warn("The tracker failed on outcome {}: {}", outcome, e.toString(), e);
        }
      }
    }
  }

  private int lagFailures;

  private void recordLag() {
    long sum = 0;
    for (TopicPartition tp : partitions) {
      OptionalLong partitionLag = consumer.currentLag(tp);
      if (partitionLag.isPresent()) {
        // the position can pass the end offset the client last heard of (it fetched past it)
        sum += Math.max(0, partitionLag.getAsLong());
      }
    }
    lastLag = sum;
    lag.recordValue(Math.min(MAX_LAG, sum));
    maxLag.accumulateAndGet(sum, Math::max);
  }

  /** Logs the first failure of a run of failures; returns false once it is time to give up. */
  private boolean backOff(RuntimeException e, int failuresInARow) {
    if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
      gaveUp = true;
      LOG.error(
          "Outcome watcher stopped after {} failed polls in a row: outcomes are no longer seen"
              + " (the messages still awaited will time out)",
          failuresInARow,
          e);
      return false;
    }
    if (failuresInARow == 1) {
      LOG.warn(
          "Outcome watcher: polling the outcomes topic failed ({}); retrying with backoff, at most"
              + " {} times in a row",
          e.toString(),
          MAX_CONSECUTIVE_FAILURES);
    }
    long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(10, failuresInARow - 1));
    try {
      TimeUnit.MILLISECONDS.sleep(backoff);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
    return running;
  }

  private Outcome parse(ConsumerRecord<byte[], byte[]> record) {
    try {
      return reader.read(record);
    } catch (IOException | RuntimeException e) {
      long n = unparseable.incrementAndGet();
      if (n <= WARN_UNPARSEABLE) {
        LOG.warn(
            "Ignoring a record of {} that cannot be read as an outcome ({}){}",
            record.topic(),
            e.getMessage(),
            n == WARN_UNPARSEABLE ? "; further ones are only counted" : "");
      }
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

  /** The most records the watcher was ever behind the end of the outcomes topic, after a poll. */
  public long maxLagRecords() {
    return maxLag.get();
  }

  /** Records behind the end of the outcomes topic after the latest poll. */
  public long lastLagRecords() {
    return lastLag;
  }

  /**
   * Forgets the lag and hand-over figures so far: called when the load proper starts, so that a
   * warm-up's JIT stalls do not count against the measured run.
   */
  public void resetStatistics() {
    lag.reset();
    handling.reset();
  }

  /** Records behind the end of the outcomes topic, one value per poll (a copy). */
  public Histogram lagRecords() {
    return lag.copy();
  }

  /**
   * Microseconds from a poll's return to the last of its outcomes handed to the tracker, one value
   * per poll that returned outcomes (a copy).
   */
  public Histogram batchHandlingMicros() {
    return handling.copy();
  }

  /** Outcome events handed to the tracker. */
  public long outcomesSeen() {
    return outcomes.get();
  }

  /** Records of the watched topic that could not be read as an outcome (ignored). */
  public long unparseable() {
    return unparseable.get();
  }

  /** Polls that threw (each retried, unless it was the last straw). */
  public long pollFailures() {
    return pollFailures.get();
  }

  /** Outcomes the tracker threw on (logged, the batch went on). */
  public long trackerFailures() {
    return trackerFailures.get();
  }

  /** True once the watcher gave up after too many failed polls in a row. */
  public boolean gaveUp() {
    return gaveUp;
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
