package io.pipelineperf.gatling;

import io.pipelineperf.analysis.ThroughputPoint;
import io.pipelineperf.verify.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live side of the Kafka protocol for one run: the producer and the thread that calls it (so
 * that a blocking {@code send} never stalls Gatling's event loop), the outcome watcher and tracker,
 * the ledger, the metrics and their interval log.
 */
public final class KafkaRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRuntime.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaSettings settings;
  private final Ledger ledger = new Ledger();
  private final RunMetrics metrics = new RunMetrics();
  private final KafkaProducer<String, byte[]> producer;
  private final SenderThread sender;
  private final OutcomeTracker tracker;
  private final Completion completion = Completion.fromSystemProperties();
  private final OutcomeWatcher watcher;
  private final CommittedOffsetsWatcher offsets;
  private final DbCompletionWatcher rows;
  private final IntervalLog intervalLog;
  private boolean closed;

  private KafkaRuntime(KafkaSettings settings) {
    this.settings = settings;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "pipeline-perf-load");
    props.putAll(settings.producerProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.sender = new SenderThread("kafka-sender");
    this.tracker = new OutcomeTracker(ledger, metrics, settings.e2eTimeout());
    try {
      if (completion.mode() == Completion.Mode.DB) {
        this.watcher = null;
        this.offsets = null;
        if (settings.database() == null || !settings.database().hasUrl()) {
          throw new IllegalStateException(
              "-Dcompletion=db needs the pipeline's database: set -Ddb.url= (and -Ddb.user=,"
                  + " -Ddb.password=) or run the embedded stack");
        }
        this.rows =
            new DbCompletionWatcher(
                settings.database(),
                completion.db(),
                completion.pollInterval(),
                WatcherStall.wrap(tracker::onOutcome));
      } else if (completion.mode() == Completion.Mode.OFFSETS) {
        this.rows = null;
        this.watcher = null;
        this.offsets =
            new CommittedOffsetsWatcher(
                settings.bootstrapServers(),
                completion.topic(),
                completion.group(),
                completion.pollInterval(),
                WatcherStall.wrap(tracker::onOutcome));
        tracker.onLanded(offsets::acked);
      } else {
        this.rows = null;
        this.offsets = null;
        boolean outputTopic = completion.mode() == Completion.Mode.TOPIC;
        this.watcher =
            new OutcomeWatcher(
                settings.bootstrapServers(),
                outputTopic ? completion.output().topic() : settings.outcomesTopic(),
                outputTopic ? completion.output().reader() : OutcomeReader.OUTCOME_EVENTS,
                settings.consumerProperties(),
                WatcherStall.wrap(tracker::onOutcome),
                READY_TIMEOUT);
      }
    } catch (RuntimeException e) {
      tracker.close();
      sender.shutdownNow();
      producer.close(Duration.ofSeconds(5));
      throw e;
    }
    this.intervalLog = new IntervalLog(metrics);
  }

  static KafkaRuntime start(KafkaSettings settings) {
    KafkaRuntime runtime = new KafkaRuntime(settings);
    LOG.info(
        "Kafka protocol started: bootstrap {}, outcomes {}, e2e timeout {}",
        settings.bootstrapServers(),
        settings.outcomesTopic(),
        settings.e2eTimeout());
    return runtime;
  }

  void attach(ResponseLog log) {
    tracker.responseLog(log);
  }

  /** Fetches the topic's metadata now so that the first measured send does not wait for it. */
  public void warmUp(String topic) {
    producer.partitionsFor(topic);
  }

  KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  Executor sender() {
    return sender;
  }

  /**
   * The outcome watcher: its backlog behind the outcomes topic and its batch handling times; null
   * when completion is not by outcome events ({@link #completion()}).
   */
  public OutcomeWatcher watcher() {
    return watcher;
  }

  /** What "processed" means in this run. */
  public Completion completion() {
    return completion;
  }

  /** For summary.json: what "processed" means, and the database watcher's figures if any. */
  public Map<String, Object> describeCompletion() {
    Map<String, Object> m = completion.describe();
    if (rows != null) {
      m.putAll(rows.statistics());
    }
    return m;
  }

  /** Forgets the watchers' lag figures: called when the load proper starts. */
  public void resetWatcherStatistics() {
    if (watcher != null) {
      watcher.resetStatistics();
    }
    if (rows != null) {
      rows.resetStatistics();
    }
  }

  IntendedTimes intendedTimes() {
    return settings.intendedTimes();
  }

  public OutcomeTracker tracker() {
    return tracker;
  }

  public Ledger ledger() {
    return ledger;
  }

  public RunMetrics metrics() {
    return metrics;
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** Waits (bounded) for outstanding outcomes; returns how many never came. */
  public int drain(Duration max) {
    try {
      return tracker.drain(max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return tracker.outstanding();
    }
  }

  /** As {@link #drain(Duration)}, giving up once no outcome has arrived for {@code quiet}. */
  public int drain(Duration max, Duration quiet) {
    try {
      return tracker.drain(max, quiet);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return tracker.outstanding();
    }
  }

  /** Acknowledgement, outcome and error times (the fault analysis reads them). */
  public DeliveryTimeline timeline() {
    return tracker.timeline();
  }

  /** Processed messages and e2e p95 per second of the measured phase. */
  public List<ThroughputPoint> throughput() {
    return intervalLog.throughput();
  }

  /** Closes the interval log and moves it into the run folder. */
  public Path writeIntervalLog(Path runFolder) {
    return intervalLog.moveTo(runFolder);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sender.shutdown(10, TimeUnit.SECONDS);
    producer.close(Duration.ofSeconds(10));
    if (watcher != null) {
      watcher.close();
      LOG.info(
          "Outcome watcher: {} outcomes in {} batches, max lag {} records, batch hand-over p99 {}"
              + " µs, {} failed polls",
          watcher.outcomesSeen(),
          watcher.batchHandlingMicros().getTotalCount(),
          watcher.maxLagRecords(),
          watcher.batchHandlingMicros().getValueAtPercentile(99),
          watcher.pollFailures());
    }
    if (offsets != null) {
      offsets.close();
      LOG.info(
          "Completion by committed offsets: {} messages completed, {} failed reads",
          offsets.completed(),
          offsets.readFailures());
    }
    if (rows != null) {
      rows.close();
      LOG.info(
          "Completion by database rows: {} rows seen in {} polls, {} failed polls",
          rows.rowsSeen(),
          rows.polls(),
          rows.failedPolls());
    }
    tracker.close();
    intervalLog.close();
    intervalLog.deleteIfUnmoved();
  }
}
