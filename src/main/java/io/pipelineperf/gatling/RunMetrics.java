package io.pipelineperf.gatling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Microsecond latencies and counts of the measured phase: acknowledgement and end-to-end latency,
 * both counted from the message's due time (so a late injector or a queue in front of the producer
 * is inside them), and the injector's scheduling delay (actual send start minus due time), the
 * queueing part of both, reported apart. A message that timed out enters the e2e distribution at
 * the time it was given up on (censored: its true latency is at least that). e2e is also kept per
 * third of the measured phase for the degradation check, and per second of the warm-up for the
 * adaptive warm-up. Recorders feed the per-second interval log.
 */
public final class RunMetrics {

  /** One hour in microseconds: anything slower is recorded as one hour. */
  static final long MAX_MICROS = 3_600_000_000L;

  private final Histogram ack = histogram();
  private final Histogram e2e = histogram();
  private final Histogram schedulingDelay = histogram();
  private final Histogram[] e2eThirds = {histogram(), histogram(), histogram()};
  private final Recorder ackInterval = new Recorder(MAX_MICROS, 3);
  private final Recorder e2eInterval = new Recorder(MAX_MICROS, 3);
  private final Recorder warmupE2eInterval = new Recorder(MAX_MICROS, 3);

  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private final LongAdder processed = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder unknownStatus = new LongAdder();
  private final LongAdder duplicateIds = new LongAdder();
  private final AtomicLong firstOutcomeEpochNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastOutcomeEpochNanos = new AtomicLong();
  private final AtomicLong firstAckEpochNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastAckEpochNanos = new AtomicLong();

  private static Histogram histogram() {
    return new ConcurrentHistogram(MAX_MICROS, 3);
  }

  private static long micros(long nanos) {
    return Math.min(Math.max(nanos / 1000, 0), MAX_MICROS);
  }

  void sent(Slot slot, long sendStartEpochNanos) {
    if (slot.phase() == Phase.MEASURED) {
      sent.increment();
      schedulingDelay.recordValue(micros(sendStartEpochNanos - slot.intendedEpochNanos()));
    }
  }

  /** {@code latencyNanos}: from the due time to the acknowledgement. */
  void acked(Slot slot, long latencyNanos) {
    if (slot.phase() == Phase.MEASURED) {
      acked.increment();
      long us = micros(latencyNanos);
      ack.recordValue(us);
      ackInterval.recordValue(us);
      long ackedAt = EpochNanos.now();
      firstAckEpochNanos.accumulateAndGet(ackedAt, Math::min);
      lastAckEpochNanos.accumulateAndGet(ackedAt, Math::max);
    }
  }

  void sendFailed(Slot slot) {
    if (slot.phase() == Phase.MEASURED) {
      sendErrors.increment();
    }
  }

  void processed(Slot slot, long seenEpochNanos) {
    long us = micros(seenEpochNanos - slot.intendedEpochNanos());
    if (slot.phase() == Phase.WARMUP) {
      warmupE2eInterval.recordValue(us);
    } else if (slot.phase() == Phase.MEASURED) {
      processed.increment();
      recordE2e(slot, us);
      outcomeSeen(seenEpochNanos);
    }
  }

  private void recordE2e(Slot slot, long us) {
    e2e.recordValue(us);
    e2eInterval.recordValue(us);
    if (slot.third() >= 0) {
      e2eThirds[slot.third()].recordValue(us);
    }
  }

  void deadLettered(Slot slot, long seenEpochNanos) {
    if (slot.phase() == Phase.MEASURED) {
      deadLettered.increment();
      outcomeSeen(seenEpochNanos);
    }
  }

  private void outcomeSeen(long seenEpochNanos) {
    firstOutcomeEpochNanos.accumulateAndGet(seenEpochNanos, Math::min);
    lastOutcomeEpochNanos.accumulateAndGet(seenEpochNanos, Math::max);
  }

  /** Given up on at {@code nowEpochNanos}: in the e2e distribution at that (censored) latency. */
  void timedOut(Slot slot, long nowEpochNanos) {
    long us = micros(nowEpochNanos - slot.intendedEpochNanos());
    if (slot.phase() == Phase.WARMUP) {
      warmupE2eInterval.recordValue(us);
    } else if (slot.phase() == Phase.MEASURED) {
      timedOut.increment();
      recordE2e(slot, us);
    }
  }

  /** An outcome whose status the run does not know: an error, named in the report. */
  void unknownStatus(Slot slot) {
    if (slot.phase() == Phase.MEASURED) {
      unknownStatus.increment();
    }
  }

  public Histogram ack() {
    return ack;
  }

  public Histogram e2e() {
    return e2e;
  }

  public Histogram schedulingDelay() {
    return schedulingDelay;
  }

  /** e2e of the messages due in the given third (0..2) of the measured phase. */
  public Histogram e2eThird(int third) {
    return e2eThirds[third];
  }

  Recorder ackInterval() {
    return ackInterval;
  }

  Recorder e2eInterval() {
    return e2eInterval;
  }

  /** e2e of warm-up messages (processed or given up on) since the last call's interval. */
  Recorder warmupE2eInterval() {
    return warmupE2eInterval;
  }

  public long sent() {
    return sent.sum();
  }

  public long acked() {
    return acked.sum();
  }

  public long sendErrors() {
    return sendErrors.sum();
  }

  public long processed() {
    return processed.sum();
  }

  public long deadLettered() {
    return deadLettered.sum();
  }

  /** Measured messages given up on; they are also in {@link #e2e()} (censored). */
  public long timedOut() {
    return timedOut.sum();
  }

  /** A send refused because a message with the same id was still awaited. */
  void duplicateId(Slot slot) {
    if (slot.phase() == Phase.MEASURED) {
      duplicateIds.increment();
    }
  }

  public long duplicateIds() {
    return duplicateIds.sum();
  }

  public long unknownStatus() {
    return unknownStatus.sum();
  }

  /** When the first measured-phase outcome was seen, epoch nanos; 0 if none. */
  public long firstOutcomeEpochNanos() {
    long first = firstOutcomeEpochNanos.get();
    return first == Long.MAX_VALUE ? 0 : first;
  }

  /** When the first measured-phase acknowledgement came, epoch nanos; 0 if none. */
  public long firstAckEpochNanos() {
    long first = firstAckEpochNanos.get();
    return first == Long.MAX_VALUE ? 0 : first;
  }

  /** When the last measured-phase acknowledgement came, epoch nanos; 0 if none. */
  public long lastAckEpochNanos() {
    return lastAckEpochNanos.get();
  }

  /** When the last measured-phase outcome was seen, epoch nanos; 0 if none. */
  public long lastOutcomeEpochNanos() {
    return lastOutcomeEpochNanos.get();
  }
}
