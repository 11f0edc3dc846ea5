package io.pipelineperf.gatling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the due time of each message from the load profile: the n-th message is due at the
 * injection start plus the profile's offset of n, however late the action actually runs. The
 * injection start is taken as the moment the first message asks, since the profile's first user is
 * due at offset zero.
 */
public final class IntendedTimes {

  private final LoadProfile profile;
  private final AtomicLong next = new AtomicLong();
  private volatile long startEpochNanos;

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

  public Slot next() {
    long now = EpochNanos.now();
    if (profile == null) {
      return new Slot(now, Phase.MEASURED, 0);
    }
    long n = next.getAndIncrement();
    long start = startFor(now);
    double offset = profile.offsetSeconds(n);
    Phase phase = profile.phaseOf(n);
    int third = -1;
    if (phase == Phase.MEASURED) {
      double inMeasured = (offset - profile.measuredStartSeconds()) / profile.measuredSeconds();
      third = (int) Math.min(2, Math.max(0, Math.floor(inMeasured * 3)));
    }
    return new Slot(start + Math.round(offset * 1e9), phase, third);
  }

  private long startFor(long now) {
    long start = startEpochNanos;
    if (start == 0) {
      synchronized (this) {
        if (startEpochNanos == 0) {
          startEpochNanos = now;
        }
        start = startEpochNanos;
      }
    }
    return start;
  }

  /** Epoch nanos of the first message's due time, 0 before any. */
  public long startEpochNanos() {
    return startEpochNanos;
  }

  public LoadProfile profile() {
    return profile;
  }
}
