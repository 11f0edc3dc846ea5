package io.pipelineperf.gatling;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which sequence values completion by database rows still has to read (pure bookkeeping, no
 * database). A sequence or identity value is drawn when a row is inserted, not when it commits, so
 * rows become visible out of order: a poll can see 7 while 6 is still uncommitted. Everything above
 * the high-water mark (the highest value seen) is read by {@code seq > mark}; every value skipped
 * below it is an open gap, read again by {@code seq = any(gaps)} on each poll until its row appears
 * or the gap is older than the timeout. A gap that never fills is usually no row at all (a
 * rolled-back insert, a sequence cache) and is given up after the timeout; a row that commits later
 * than that after a higher one was seen is missed (counted as {@link #expired()}, with the empty
 * holes). At most {@code maxOpen} gaps are kept; beyond that the oldest are given up.
 *
 * <p>Not thread-safe: one poller owns it.
 */
final class SeqGaps {

  /** The start of an empty table: every row is read, holes are counted from the first one on. */
  static final long NONE_YET = Long.MIN_VALUE;

  private final long timeoutNanos;
  private final int maxOpen;

  /** Open gap → nanoTime it was found; insertion order is age order. */
  private final LinkedHashMap<Long, Long> open = new LinkedHashMap<>();

  private long highWater;
  private long filled;
  private long expired;

  SeqGaps(long startAfter, long timeoutNanos, int maxOpen) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be >= 1, was " + maxOpen);
    }
    this.highWater = startAfter;
    this.timeoutNanos = timeoutNanos;
    this.maxOpen = maxOpen;
  }

  /** Values above this are read by {@code seq > highWater}. */
  long highWater() {
    return highWater;
  }

  /** The open gaps, oldest first, to read again. */
  long[] open() {
    long[] gaps = new long[open.size()];
    int i = 0;
    for (long gap : open.keySet()) {
      gaps[i++] = gap;
    }
    return gaps;
  }

  /**
   * A poll returned the row with this sequence value. Returns false when the value was neither
   * above the high-water mark nor an open gap (already seen, or given up on).
   */
  boolean seen(long seq, long nowNanos) {
    if (highWater == NONE_YET) {
      highWater = seq; // an empty table: no value below the first row is awaited
      return true;
    }
    if (seq > highWater) {
      long firstMissing = Math.max(highWater + 1, seq - maxOpen);
      expired += firstMissing - (highWater + 1); // a jump too wide to track in full
      for (long s = firstMissing; s < seq; s++) {
        open.put(s, nowNanos);
      }
      highWater = seq;
      trim();
      return true;
    }
    if (open.remove(seq) != null) {
      filled++;
      return true;
    }
    return false;
  }

  /** Gives up the gaps found longer ago than the timeout; returns how many. */
  int expire(long nowNanos) {
    int n = 0;
    for (Iterator<Map.Entry<Long, Long>> it = open.entrySet().iterator(); it.hasNext(); ) {
      if (nowNanos - it.next().getValue() < timeoutNanos) {
        break; // the rest are younger
      }
      it.remove();
      n++;
    }
    expired += n;
    return n;
  }

  private void trim() {
    Iterator<Long> oldest = open.keySet().iterator();
    while (open.size() > maxOpen) {
      oldest.next();
      oldest.remove();
      expired++;
    }
  }

  /** Gaps that a later poll filled: rows that committed after a higher value was seen. */
  long filled() {
    return filled;
  }

  /** Gaps given up (timed out, or beyond the most kept): empty holes, or rows missed. */
  long expired() {
    return expired;
  }

  int openCount() {
    return open.size();
  }
}
