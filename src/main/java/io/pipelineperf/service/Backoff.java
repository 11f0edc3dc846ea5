package io.pipelineperf.service;

import java.time.Duration;

/** Bounded exponential backoff: initial, doubling, capped. Not thread-safe (one per worker). */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private long nextMs;
  private int attempts;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
    }
    this.initialMs = initial.toMillis();
    this.maxMs = max.toMillis();
    this.nextMs = initialMs;
  }

  /** The delay before the next attempt; each call doubles the following one up to the cap. */
  public Duration next() {
    long current = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    attempts++;
    return Duration.ofMillis(current);
  }

  public Duration max() {
    return Duration.ofMillis(maxMs);
  }

  public int attempts() {
    return attempts;
  }

  public void reset() {
    nextMs = initialMs;
    attempts = 0;
  }
}
