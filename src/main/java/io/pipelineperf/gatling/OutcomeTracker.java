package io.pipelineperf.gatling;

import io.pipelineperf.verify.Ledger;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Matches outcomes to the messages awaiting them and records {@code <name> e2e} from each message's
 * due time to the moment its outcome is seen. A reaper fails messages without an outcome within the
 * timeout ("not processed within N s"); their ids stay in the ledger. A {@code dead-lettered}
 * outcome is recorded as {@code <name> dead-lettered}, not as processed, and is an error unless the
 * run declared that it expects dead letters. An outcome with an unknown status is an error too.
 */
public final class OutcomeTracker implements AutoCloseable {

  private static final long REAP_EVERY_MILLIS = 100;
  private static final long FULL_SCAN_EVERY_NANOS = 5_000_000_000L;

  private final Ledger ledger;
  private final RunMetrics metrics;
  private final Duration timeout;
  private final String timeoutText;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  // Registration order is due-time order (within a few ms across Gatling's threads): each round
  // the reaper looks only at the head instead of scanning every pending message (that scan was a
  // third of the load generator's CPU at 5000 msg/s); a full scan every few seconds catches any
  // message registered out of order.
  private final Queue<Pending> byDueTime = new ConcurrentLinkedQueue<>();
  private long lastFullScanNanos = Long.MIN_VALUE;
  private final DeliveryTimeline timeline = new DeliveryTimeline();
  private final ScheduledExecutorService reaper;
  private volatile ResponseLog log = ResponseLog.NONE;
  private volatile LandingListener landed = (id, topic, partition, offset) -> {};
  private volatile boolean expectDeadLetters;
  private volatile long lastOutcomeNanos = System.nanoTime();

  public OutcomeTracker(Ledger ledger, RunMetrics metrics, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("e2e timeout must be > 0, was " + timeout);
    }
    this.ledger = ledger;
    this.metrics = metrics;
    this.timeout = timeout;
    this.timeoutText = "not processed within " + seconds(timeout) + " s";
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "outcome-reaper");
              t.setDaemon(true);
              return t;
            });
    reaper.scheduleWithFixedDelay(
        () -> reapExpired(EpochNanos.now()),
        REAP_EVERY_MILLIS,
        REAP_EVERY_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? Long.toString(d.toSeconds())
        : String.valueOf(d.toMillis() / 1000.0);
  }

  void responseLog(ResponseLog log) {
    this.log = log;
  }

  /**
   * Whether the run sends bad input on purpose: then a dead letter is an expected outcome, else it
   * is an error (a valid message the pipeline refused).
   */
  void expectDeadLetters(boolean expected) {
    this.expectDeadLetters = expected;
  }

  public boolean deadLettersExpected() {
    return expectDeadLetters;
  }

  /**
   * Starts awaiting the message's outcome; call before the message leaves. Returns false, and
   * tracks nothing, when a message with the same id is still awaited: the caller must fail that
   * send (two users waiting on one id would leave one of them hung).
   */
  boolean register(Pending message) {
    if (pending.putIfAbsent(message.id, message) != null) {
      metrics.duplicateId(message.slot);
      return false;
    }
    byDueTime.add(message);
    ledger.mark(message.id, Ledger.Mark.SENT);
    return true;
  }

  /**
   * The message was accepted by the ingress (Kafka ack or HTTP 2xx), {@code latencyNanos} after it
   * was due.
   */
  void acked(String id, Slot slot, long latencyNanos) {
    if (ledger.mark(id, Ledger.Mark.ACKED)) {
      ackedFirstTime(id, slot, latencyNanos, System.currentTimeMillis());
    }
  }

  /**
   * As {@link #acked(String, Slot, long)} for a Kafka acknowledgement, which also tells where the
   * message landed (the fault accounting needs its partition and offset).
   */
  void acked(String id, Slot slot, long latencyNanos, String topic, int partition, long offset) {
    long now = System.currentTimeMillis();
    if (ledger.acked(id, partition, offset, now)) {
      ackedFirstTime(id, slot, latencyNanos, now);
      landed.landed(id, topic, partition, offset);
    }
  }

  /** Told where each message landed on its first acknowledgement (offsets completion). */
  interface LandingListener {
    void landed(String id, String topic, int partition, long offset);
  }

  void onLanded(LandingListener listener) {
    this.landed = listener;
  }

  private void ackedFirstTime(String id, Slot slot, long latencyNanos, long now) {
    timeline.acked(now);
    if (ledger.has(id, Ledger.Mark.PROCESSED) || ledger.has(id, Ledger.Mark.DEAD_LETTERED)) {
      timeline.completed(now); // its outcome was seen before its acknowledgement
    }
    metrics.acked(slot, latencyNanos);
  }

  /**
   * The message never reached the ingress: nothing to await. Counted once: a message already given
   * up on (timed out while the producer still retried it) is an error already.
   */
  void sendFailed(String id, Slot slot) {
    ledger.mark(id, Ledger.Mark.SEND_FAILED);
    Pending message = pending.remove(id);
    if (message == null) {
      return;
    }
    metrics.sendFailed(slot);
    timeline.error(slot);
    message.complete(false);
  }

  /**
   * Resumes the caller once the message's fate is known (outcome, timeout or failed send), or at
   * once if nothing is awaited, telling it whether the message ended well: processed, or dead-
   * lettered in a run that expects dead letters.
   */
  void await(String id, Consumer<Boolean> resume) {
    Pending message = pending.get(id);
    if (message == null) {
      resume.accept(endedWell(id));
    } else {
      message.await(resume);
    }
  }

  /** For a message no longer awaited: from its marks in the ledger. */
  private boolean endedWell(String id) {
    return ledger.has(id, Ledger.Mark.PROCESSED)
        || (expectDeadLetters && ledger.has(id, Ledger.Mark.DEAD_LETTERED));
  }

  Pending pendingMessage(String id) {
    return pending.get(id);
  }

  /** Called by the outcome watcher for each outcome event. */
  public void onOutcome(Outcome outcome, long seenEpochNanos) {
    if (outcome.id() == null) {
      return;
    }
    lastOutcomeNanos = System.nanoTime();
    Pending message = pending.remove(outcome.id());
    if (message == null) {
      lateOrRepeated(outcome);
      return;
    }
    long start = EpochNanos.toMillis(message.slot.intendedEpochNanos());
    long end = EpochNanos.toMillis(seenEpochNanos);
    boolean endedWell;
    if (outcome.isDeadLettered()) {
      markCompleted(outcome.id(), Ledger.Mark.DEAD_LETTERED);
      metrics.deadLettered(message.slot, seenEpochNanos);
      boolean expected = expectDeadLetters;
      endedWell = expected;
      log(
          message,
          " dead-lettered",
          start,
          end,
          expected,
          expected ? null : deadLetterText(outcome));
    } else if (outcome.isProcessed()) {
      markCompleted(outcome.id(), Ledger.Mark.PROCESSED);
      metrics.processed(message.slot, seenEpochNanos);
      log(message, " e2e", start, end, true, null);
      endedWell = true;
    } else {
      metrics.unknownStatus(message.slot);
      timeline.error(message.slot);
      log(message, " e2e", start, end, false, unknownStatusText(outcome.status()));
      endedWell = false;
    }
    message.complete(endedWell);
  }

  static String deadLetterText(Outcome outcome) {
    return "dead-lettered"
        + (outcome.reason() == null ? "" : ": " + outcome.reason())
        + " (a valid message; declare expected dead letters if the run sends bad input)";
  }

  static String unknownStatusText(String status) {
    return "outcome status '"
        + status
        + "' is none of "
        + Outcome.PROCESSED
        + ", "
        + Outcome.DUPLICATE
        + ", "
        + Outcome.DEAD_LETTERED;
  }

  /**
   * Records the message's request in Gatling's report; warm-up messages sent outside Gatling are
   * not.
   */
  private void log(Pending message, String suffix, long start, long end, boolean ok, String text) {
    if (message.scenario != null) {
      log.log(message.scenario, message.groups, message.requestName(suffix), start, end, ok, text);
    }
  }

  private void lateOrRepeated(Outcome outcome) {
    if (!ledger.has(outcome.id(), Ledger.Mark.SENT)) {
      return; // not ours (an earlier run, another client)
    }
    if (ledger.has(outcome.id(), Ledger.Mark.PROCESSED)
        || ledger.has(outcome.id(), Ledger.Mark.DEAD_LETTERED)) {
      ledger.mark(outcome.id(), Ledger.Mark.DUPLICATE_OUTCOME);
    } else if (outcome.isDeadLettered()) {
      // arrived after the timeout: it already counts as an error, but it was not lost
      markCompleted(outcome.id(), Ledger.Mark.DEAD_LETTERED);
    } else if (outcome.isProcessed()) {
      markCompleted(outcome.id(), Ledger.Mark.PROCESSED);
    }
  }

  /** The first processed or dead-lettered outcome of an id ends its time in flight. */
  private void markCompleted(String id, Ledger.Mark mark) {
    boolean first =
        !ledger.has(id, Ledger.Mark.PROCESSED) && !ledger.has(id, Ledger.Mark.DEAD_LETTERED);
    if (ledger.mark(id, mark) && first && ledger.has(id, Ledger.Mark.ACKED)) {
      timeline.completed(System.currentTimeMillis());
    }
  }

  /** Fails every message due longer ago than the timeout; returns how many. */
  int reapExpired(long nowEpochNanos) {
    long deadline = nowEpochNanos - timeout.toNanos();
    int reaped = 0;
    Pending head;
    while ((head = byDueTime.peek()) != null) {
      if (!head.isDone() && head.slot.intendedEpochNanos() > deadline) {
        break;
      }
      byDueTime.poll();
      if (!head.isDone()) {
        reaped += reap(head, nowEpochNanos) ? 1 : 0;
      }
    }
    if (lastFullScanNanos == Long.MIN_VALUE
        || nowEpochNanos - lastFullScanNanos >= FULL_SCAN_EVERY_NANOS) {
      lastFullScanNanos = nowEpochNanos;
      for (Pending message : pending.values()) {
        if (message.slot.intendedEpochNanos() <= deadline) {
          reaped += reap(message, nowEpochNanos) ? 1 : 0;
        }
      }
    }
    return reaped;
  }

  private boolean reap(Pending message, long nowEpochNanos) {
    if (!pending.remove(message.id, message)) {
      return false;
    }
    ledger.mark(message.id, Ledger.Mark.TIMED_OUT);
    metrics.timedOut(message.slot, nowEpochNanos);
    timeline.error(message.slot);
    log(
        message,
        " e2e",
        EpochNanos.toMillis(message.slot.intendedEpochNanos()),
        EpochNanos.toMillis(nowEpochNanos),
        false,
        timeoutText);
    message.complete(false);
    return true;
  }

  /**
   * Waits (at most {@code max}) for the outstanding outcomes, then fails whatever is still
   * outstanding. Returns how many had to be failed.
   */
  public int drain(Duration max) throws InterruptedException {
    return drain(max, max);
  }

  /**
   * As {@link #drain(Duration)}, but also gives up once no outcome at all has arrived for {@code
   * quiet}: after a fault, what has not come by then is not coming (it was lost).
   */
  public int drain(Duration max, Duration quiet) throws InterruptedException {
    long until = System.nanoTime() + max.toNanos();
    while (!pending.isEmpty()
        && System.nanoTime() < until
        && System.nanoTime() - lastOutcomeNanos < quiet.toNanos()) {
      Thread.sleep(20);
    }
    int left = 0;
    long now = EpochNanos.now();
    for (Pending message : pending.values()) {
      left += reap(message, now) ? 1 : 0;
    }
    byDueTime.clear();
    return left;
  }

  /** Acknowledgement, outcome and error times of the run (for the fault analysis). */
  public DeliveryTimeline timeline() {
    return timeline;
  }

  public int outstanding() {
    return pending.size();
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public void close() {
    reaper.shutdownNow();
  }
}
