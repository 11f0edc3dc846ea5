package io.pipelineperf.gatling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The due times of one scenario's users: the n-th user to start is due at the scenario's injection
 * start plus {@link LoadProfile#offsetMillis(long)} of n.
 *
 * <p>Index: users take the next index when they start, so other scenarios' users (Gatling numbers
 * users across all scenarios) do not disturb it. The k-th user to start is never earlier than the
 * k-th due time, as every started user was due already. A user whose start is held up while later
 * users of the same scenario start on another event loop swaps index with them: its delay is then
 * shared among them rather than shown whole. A stall of the whole JVM (GC, CPU) delays all event
 * loops alike and does not reorder.
 *
 * <p>Anchor: Gatling does not publish when it started injecting a scenario (its workload keeps the
 * start in milliseconds to itself, and Session has no start date in 3.15.1), and the first user may
 * itself start late (class loading, JIT). Gatling schedules each user at a whole-millisecond delay
 * from the millisecond it read at its 1-second injection tick, so a user never starts before its
 * offset from the true start and starts at most about a millisecond after it when on time. The
 * anchor is therefore the earliest {@code actual start - offset} seen so far: late users (the ones
 * we want to see) cannot move it, and it converges on the true start within the first ticks. Its
 * one weakness is an early outlier, a user that starts before its computed due time, which would
 * make every later user look late by as much; with offsets that match Gatling's own placement
 * (proven by GatlingDueTimesIT) there is none beyond that sub-millisecond tick rounding. The anchor
 * is kept in this JVM's monotonic clock ({@link EpochNanos}), the same clock the sends, acks and
 * outcomes are stamped with.
 */
final class ScenarioSchedule {

  private final String scenario;
  private final LoadProfile profile;
  private final AtomicLong nextIndex = new AtomicLong();
  private final AtomicLong anchorEpochNanos = new AtomicLong(Long.MAX_VALUE);

  ScenarioSchedule(String scenario, LoadProfile profile) {
    this.scenario = scenario;
    this.profile = profile;
  }

  String scenario() {
    return scenario;
  }

  LoadProfile profile() {
    return profile;
  }

  /** The index of the user starting now. */
  long nextIndex() {
    return nextIndex.getAndIncrement();
  }

  /** The slot of the user with this index, which started at {@code startedEpochNanos}. */
  Slot slot(long index, long startedEpochNanos) {
    long offset = profile.offsetMillis(index);
    long offsetNanos = offset * 1_000_000L;
    long anchor = anchorEpochNanos.accumulateAndGet(startedEpochNanos - offsetNanos, Math::min);
    return new Slot(anchor + offsetNanos, profile.phaseOf(index), profile.thirdAt(offset));
  }

  /** Epoch nanos of the (estimated) injection start, 0 before any user. */
  long anchorEpochNanos() {
    long anchor = anchorEpochNanos.get();
    return anchor == Long.MAX_VALUE ? 0 : anchor;
  }
}
