package io.pipelineperf.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * "Acknowledged but not yet processed" over time: the count of messages Kafka acknowledged whose
 * outcome (processed or dead-lettered) has not been seen yet, per second. After a fault it must
 * fall back: to zero once the load stops (while load runs, the messages of the last few
 * milliseconds are always in flight, so use {@link #firstAtOrBelow} with the pre-fault level).
 *
 * <p>Record each acknowledgement and each <em>first</em> completion of an acknowledged id (the
 * {@link Ledger}'s {@code mark} returns true once per id); recording is thread-safe and cheap.
 * Point {@code t} is the end of the second {@code [t - 1000, t)}: acknowledgements minus
 * completions up to then. An outcome seen before its own acknowledgement (possible within
 * milliseconds) could make the difference negative for an instant; points are floored at 0.
 */
public final class InFlightSeries {

  /** In flight at {@code t} (epoch ms, end of the second). */
  public record InFlightPoint(long t, long inFlight) {}

  /** Whether and when the series came back down after {@code from}. */
  public record Return(boolean returned, Long at, Double secondsAfter) {
    static Return never() {
      return new Return(false, null, null);
    }
  }

  /** Longest span the points may cover; a guard against a stray timestamp (e.g. 0). */
  static final long MAX_SPAN_SECONDS = 7 * 24 * 3600;

  private final ConcurrentSkipListMap<Long, LongAdder[]> bySecond = new ConcurrentSkipListMap<>();

  public static InFlightSeries of(long[] ackTimes, long[] completionTimes) {
    InFlightSeries series = new InFlightSeries();
    for (long t : ackTimes) {
      series.acked(t);
    }
    for (long t : completionTimes) {
      series.completed(t);
    }
    return series;
  }

  public void acked(long epochMs) {
    bucket(epochMs)[0].increment();
  }

  /** A first processed or dead-lettered outcome of an acknowledged id. */
  public void completed(long epochMs) {
    bucket(epochMs)[1].increment();
  }

  /** One point per second from the first event's second to the last one's, gaps filled. */
  public List<InFlightPoint> points() {
    List<InFlightPoint> points = new ArrayList<>();
    if (bySecond.isEmpty()) {
      return points;
    }
    long first = bySecond.firstKey();
    long last = bySecond.lastKey();
    if (last - first > MAX_SPAN_SECONDS) {
      throw new IllegalStateException(
          "in-flight events span "
              + (last - first)
              + " s (more than "
              + MAX_SPAN_SECONDS
              + "): a timestamp is not epoch milliseconds");
    }
    long acked = 0;
    long completed = 0;
    for (long second = first; second <= last; second++) {
      LongAdder[] counts = bySecond.get(second);
      if (counts != null) {
        acked += counts[0].sum();
        completed += counts[1].sum();
      }
      points.add(new InFlightPoint((second + 1) * 1000, Math.max(0, acked - completed)));
    }
    return points;
  }

  /** The first point at or after {@code from} with nothing in flight. */
  public Return returnedToZero(long from) {
    return firstAtOrBelow(from, 0);
  }

  /** The first point at or after {@code from} with at most {@code level} in flight. */
  public Return firstAtOrBelow(long from, long level) {
    for (InFlightPoint p : points()) {
      if (p.t() >= from && p.inFlight() <= level) {
        return new Return(true, p.t(), (p.t() - from) / 1000.0);
      }
    }
    return Return.never();
  }

  /** The largest count before {@code until} (e.g. the pre-fault level), or 0 without points. */
  public long peakBefore(long until) {
    long peak = 0;
    for (InFlightPoint p : points()) {
      if (p.t() <= until) {
        peak = Math.max(peak, p.inFlight());
      }
    }
    return peak;
  }

  /** The last point's count: what was never processed by the end (0 when all came back). */
  public long finalInFlight() {
    List<InFlightPoint> points = points();
    return points.isEmpty() ? 0 : points.get(points.size() - 1).inFlight();
  }

  private LongAdder[] bucket(long epochMs) {
    return bySecond.computeIfAbsent(
        Math.floorDiv(epochMs, 1000), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
  }
}
