package io.pipelineperf.service;

import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread: poll a batch, decode, write it in one DB transaction, publish outcomes and
 * dead letters, then commit the offsets. Transient DB errors retry the same batch with backoff
 * while the partitions are paused (poll keeps the consumer in its group); a rebalance that takes a
 * partition of the uncommitted batch drops the batch (it is redelivered; writes are idempotent).
 * Offsets of finished batches are committed at most every {@code commitInterval} (0: after every
 * batch), and always before their partitions are revoked and before the consumer closes: a crash
 * redelivers at most that interval's messages, which the idempotent write reports as duplicates.
 */
public final class ConsumerWorker implements Runnable, ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(ConsumerWorker.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long ACK_TIMEOUT_MS = 60_000;

  private final String name;
  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final MessageDecoder decoder;
  private final MessageStore store;
  private final OutputPublisher publisher;
  private final ServiceMetrics metrics;
  private final Set<Defect> defects;
  private final PlantedLeaks leaks;
  private final BooleanSupplier stopping;
  private final long commitIntervalNanos;
  private final Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
  private long lastCommitNanos = System.nanoTime();
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  // A poison flood must not flood the log too: at most one dead-letter line per second per thread.
  private long nextDeadLetterLogMs;
  private long deadLettersSinceLog;

  private Set<TopicPartition> inFlight = Set.of();
  private boolean inFlightRevoked;
  private boolean paused;

  public ConsumerWorker(
      String name,
      Consumer<byte[], byte[]> consumer,
      String topic,
      MessageDecoder decoder,
      MessageStore store,
      OutputPublisher publisher,
      ServiceMetrics metrics,
      Set<Defect> defects,
      PlantedLeaks leaks,
      BooleanSupplier stopping,
      Duration commitInterval) {
    this.name = name;
    this.consumer = consumer;
    this.topic = topic;
    this.decoder = decoder;
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
    this.defects = defects;
    this.leaks = leaks;
    this.stopping = stopping;
    this.commitIntervalNanos = commitInterval.toNanos();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic), this);
      while (!stopping.getAsBoolean()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          Timer.Sample sample = Timer.start();
          try {
            processBatch(records);
          } catch (KafkaException | IllegalStateException e) {
            recoverFromUnexpected(records, e);
          }
          sample.stop(metrics.batchDuration());
        }
        commitFinishedIfDue();
      }
      log.info("{}: stopped polling; closing the consumer", name);
      commitFinished(finished.keySet());
    } catch (RuntimeException e) {
      log.error(
          "{}: consumer thread failed (fatal, {}): its partitions go to the other consumers of the group;"
              + " restart the service if throughput dropped",
          name,
          e.toString(),
          e);
    } finally {
      setPaused(false);
      // leave the group now (not after the session timeout) so partitions move at once
      consumer.close(
          CloseOptions.timeout(Duration.ofSeconds(10))
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  private void processBatch(ConsumerRecords<byte[], byte[]> records) {
    if (defects.contains(Defect.COMMIT_BEFORE_WRITE)) {
      commitNow(offsetsOf(records));
    }
    DecodedBatch batch =
        DecodedBatch.of(records, decoder, !defects.contains(Defect.NO_IDEMPOTENCY));
    List<Message> valid = batch.valid();
    List<Runnable> deadLetters = new ArrayList<>();
    for (DecodedBatch.Rejection r : batch.rejected()) {
      deadLetters.add(() -> deadLetter(r.record(), r.code(), r.reason(), r.id()));
    }

    inFlight = records.partitions();
    inFlightRevoked = false;
    try {
      WriteResult result = writeWithRetry(valid);
      if (result == null) {
        rewind(records);
        return;
      }
      publish(valid, batch.repeatedInBatch(), result, batch.origins(), deadLetters);
      if (!awaitPublished(records)) {
        return;
      }
      if (!defects.contains(Defect.COMMIT_BEFORE_WRITE)) {
        finished.putAll(offsetsOf(records));
      }
      leaks.afterBatch(valid);
    } finally {
      inFlight = Set.of();
    }
  }

  /** An unexpected client failure mid-batch: nothing was committed, so re-read the batch later. */
  private void recoverFromUnexpected(ConsumerRecords<byte[], byte[]> records, RuntimeException e) {
    Duration delay = backoff.next();
    log.error(
        "{}: processing a batch of {} failed unexpectedly (transient, {}); not committed, re-reading it in {}"
            + " ms: check the broker and the service log above",
        name,
        records.count(),
        e.toString(),
        delay.toMillis(),
        e);
    rewind(records);
    setPaused(true);
    pollWhilePaused(delay);
    setPaused(false);
  }

  /** Returns the result, or null when the batch was dropped (it will be redelivered). */
  private WriteResult writeWithRetry(List<Message> valid) {
    backoff.reset();
    try {
      while (true) {
        try {
          return store.write(valid);
        } catch (SQLException e) {
          String state = SqlErrorClassifier.sqlState(e);
          SqlErrorClass errorClass = SqlErrorClassifier.classify(e);
          metrics.dbError(state, errorClass);
          if (errorClass == SqlErrorClass.TRANSIENT && defects.contains(Defect.NO_RETRY)) {
            log.error(
                "{}: writing a batch of {} failed (transient, SQLSTATE {}: {}); defect no-retry is"
                    + " planted, so the batch is DROPPED and its offsets committed",
                name,
                valid.size(),
                state,
                SqlErrorClassifier.describe(e));
            return WriteResult.LOST;
          }
          if (stopping.getAsBoolean()) {
            log.warn(
                "{}: writing a batch of {} failed while shutting down (SQLSTATE {}): not committed,"
                    + " it will be redelivered after restart",
                name,
                valid.size(),
                state);
            return null;
          }
          Duration delay = errorClass == SqlErrorClass.FATAL ? backoff.max() : backoff.next();
          logRetry(valid.size(), e, state, errorClass, delay);
          metrics.retry();
          setPaused(true);
          pollWhilePaused(delay);
          if (inFlightRevoked) {
            log.info("{}: partitions of the uncommitted batch were revoked; dropping it", name);
            return null;
          }
        }
      }
    } finally {
      setPaused(false);
    }
  }

  private void logRetry(
      int size, SQLException e, String state, SqlErrorClass errorClass, Duration delay) {
    if (errorClass == SqlErrorClass.FATAL) {
      log.error(
          "{}: writing a batch of {} failed (fatal, SQLSTATE {}: {}); retrying every {} ms with"
              + " partitions paused: check the schema, permissions and db.url (Flyway migrations"
              + " in db/migration)",
          name,
          size,
          state,
          SqlErrorClassifier.describe(e),
          delay.toMillis());
    } else {
      log.warn(
          "{}: writing a batch of {} failed (transient, SQLSTATE {}: {}); retry {} in {} ms with"
              + " partitions paused: check PostgreSQL is up and db.poolSize is large enough",
          name,
          size,
          state,
          SqlErrorClassifier.describe(e),
          backoff.attempts(),
          delay.toMillis());
    }
  }

  private void publish(
      List<Message> valid,
      List<ConsumerRecord<byte[], byte[]>> repeatedInBatch,
      WriteResult result,
      Map<UUID, ConsumerRecord<byte[], byte[]>> origins,
      List<Runnable> deadLetters) {
    if (result != WriteResult.LOST) {
      int processed = 0;
      int duplicates = repeatedInBatch.size();
      for (Message m : valid) {
        if (result.rejected().containsKey(m.id())) {
          continue;
        }
        if (result.duplicates().contains(m.id())) {
          duplicates++;
          publisher.outcome(m.id(), OutputPublisher.DUPLICATE, null);
        } else {
          processed++;
          publisher.outcome(m.id(), OutputPublisher.PROCESSED, null);
        }
      }
      for (ConsumerRecord<byte[], byte[]> repeat : repeatedInBatch) {
        UUID id = ((Decoded.Valid) decoder.decode(repeat.value())).message().id();
        WriteResult.Rejection rejection = result.rejected().get(id);
        if (rejection == null) {
          publisher.outcome(id, OutputPublisher.DUPLICATE, null);
        } else {
          duplicates--;
          deadLetter(repeat, rejection.code(), rejection.reason(), id);
        }
      }
      metrics.processed(processed);
      metrics.duplicates(duplicates);
      result
          .rejected()
          .forEach(
              (id, rejection) ->
                  deadLetter(origins.get(id), rejection.code(), rejection.reason(), id));
    }
    deadLetters.forEach(Runnable::run);
  }

  private void deadLetter(
      ConsumerRecord<byte[], byte[]> record, RejectCode code, String reason, UUID id) {
    publisher.deadLetter(record, code, reason, id);
    logDeadLetter(record, code, reason);
    if (id != null) {
      publisher.outcome(id, OutputPublisher.DEAD_LETTERED, code.code());
    }
    metrics.deadLettered(code);
  }

  private void logDeadLetter(
      ConsumerRecord<byte[], byte[]> record, RejectCode code, String reason) {
    deadLettersSinceLog++;
    long now = System.currentTimeMillis();
    if (now < nextDeadLetterLogMs) {
      return;
    }
    log.warn(
        "{}: dead-lettered {} message(s) (poison, {}: {}) e.g. {}-{}@{}: fix the producer; the"
            + " original is in the dead-letter topic with its reason headers",
        name,
        deadLettersSinceLog,
        code.code(),
        reason,
        record.topic(),
        record.partition(),
        record.offset());
    deadLettersSinceLog = 0;
    nextDeadLetterLogMs = now + 1000;
  }

  /** True when every outcome and dead letter was acknowledged; otherwise rewinds and backs off. */
  private boolean awaitPublished(ConsumerRecords<byte[], byte[]> records) {
    try {
      publisher.awaitAcks(ACK_TIMEOUT_MS);
      return true;
    } catch (Exception e) {
      Duration delay = backoff.next();
      log.warn(
          "{}: publishing outcomes/dead letters failed (transient, Kafka: {}); the batch is not committed and will be"
              + " re-read in {} ms (its writes are idempotent): check the Kafka broker",
          name,
          e.getMessage(),
          delay.toMillis());
      rewind(records);
      setPaused(true);
      pollWhilePaused(delay);
      setPaused(false);
      return false;
    }
  }

  /** Keeps calling poll (so the consumer stays in its group) while every partition is paused. */
  private void pollWhilePaused(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    while (System.nanoTime() < deadline && !stopping.getAsBoolean()) {
      long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      consumer.pause(consumer.assignment());
      ConsumerRecords<byte[], byte[]> unexpected =
          consumer.poll(Duration.ofMillis(Math.min(remainingMs, POLL.toMillis())));
      if (!unexpected.isEmpty()) {
        rewind(unexpected); // only possible for partitions assigned during this poll
      }
    }
  }

  private void setPaused(boolean pause) {
    if (pause == paused) {
      return;
    }
    paused = pause;
    metrics.consumerPaused(pause);
    try {
      if (pause) {
        consumer.pause(consumer.assignment());
      } else {
        consumer.resume(consumer.paused());
      }
    } catch (IllegalStateException e) {
      log.debug("{}: pause/resume skipped: {}", name, e.getMessage());
    }
  }

  /** Seeks every still-assigned partition of the records back to their first offset. */
  private void rewind(ConsumerRecords<byte[], byte[]> records) {
    Set<TopicPartition> assigned = consumer.assignment();
    for (TopicPartition partition : records.partitions()) {
      if (assigned.contains(partition)) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> offsetsOf(
      ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private void commitFinishedIfDue() {
    if (!finished.isEmpty() && System.nanoTime() - lastCommitNanos >= commitIntervalNanos) {
      commitFinished(finished.keySet());
    }
  }

  /** Commits the finished offsets of these partitions, and forgets them. */
  private void commitFinished(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : List.copyOf(partitions)) {
      OffsetAndMetadata offset = finished.remove(partition);
      if (offset != null) {
        offsets.put(partition, offset);
      }
    }
    if (!offsets.isEmpty()) {
      commitNow(offsets);
    }
  }

  private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
    lastCommitNanos = System.nanoTime();
    try {
      consumer.commitSync(offsets);
    } catch (KafkaException e) {
      log.warn(
          "{}: committing offsets failed (transient, {}); the batch is written and will be"
              + " redelivered as duplicates (idempotent): check the broker and consumer group {}",
          name,
          e.toString(),
          consumer.groupMetadata().groupId());
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    commitFinished(partitions);
    markInFlightRevoked(partitions);
  }

  private void markInFlightRevoked(Collection<TopicPartition> partitions) {
    if (!inFlight.isEmpty() && !java.util.Collections.disjoint(inFlight, partitions)) {
      inFlightRevoked = true;
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    // no longer ours: committing would fail; the new owner re-reads from the last commit
    finished.keySet().removeAll(partitions);
    markInFlightRevoked(partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (paused && !partitions.isEmpty()) {
      consumer.pause(partitions);
    }
  }
}
