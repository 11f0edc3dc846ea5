package io.pipelineperf.gatling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the due time of each message from the load profile: the n-th message is due at the
 * injection start plus the profile's offset of n, however late the action actually runs.
 *
 * <p>Gatling does not tell when injection started, and its first user may itself run late (class
 * loading, JIT). A user never runs before it is due, so the start is estimated as the earliest
 * {@code actual start - offset(n)} seen so far: a late user then shows as scheduling delay instead
 * of shifting every later due time.
 */
public final class IntendedTimes {

  private final LoadProfile profile;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong startEpochNanos = new AtomicLong(Long.MAX_VALUE);

  private IntendedTimes(LoadProfile profile) {
    this.profile = profile;
  }

  /** Due times from the profile. */
  public static IntendedTimes of(LoadProfile profile) {
    return new IntendedTimes(profile);
  }

  /** No schedule: every message is due when its action runs, all counted as measured. */
  public static IntendedTimes unscheduled() {
    return new IntendedTimes(null);
  }

  /** The slot of the next message in arrival order (for actions outside a scheduled scenario). */
  public Slot next() {
    return slot(next.getAndIncrement());
  }

  /**
   * The slot of the n-th (0-based) user of the profile. Gatling numbers users in injection order
   * ({@code session.userId() - 1} with one load scenario), so a user that runs late keeps its own
   * due time even when later users overtake it.
   */
  public Slot slot(long n) {
    long now = EpochNanos.now();
    if (profile == null) {
      return new Slot(now, Phase.MEASURED, 0);
    }
    double offset = profile.offsetSeconds(n);
    long offsetNanos = Math.round(offset * 1e9);
    long start = startEpochNanos.accumulateAndGet(now - offsetNanos, Math::min);
    Phase phase = profile.phaseOf(n);
    int third = -1;
    if (phase == Phase.MEASURED) {
      double inMeasured = (offset - profile.measuredStartSeconds()) / profile.measuredSeconds();
      third = (int) Math.min(2, Math.max(0, Math.floor(inMeasured * 3)));
    }
    return new Slot(start + offsetNanos, phase, third);
  }

  /** Epoch nanos of the (estimated) injection start, 0 before any message. */
  public long startEpochNanos() {
    long start = startEpochNanos.get();
    return start == Long.MAX_VALUE ? 0 : start;
  }

  public LoadProfile profile() {
    return profile;
  }
}
