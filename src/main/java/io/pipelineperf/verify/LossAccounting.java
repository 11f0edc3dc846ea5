package io.pipelineperf.verify;

import io.pipelineperf.faults.DeletedInput;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciled ledger's lost and duplicated ids, sorted out for a fault run. A lost id that a
 * fault provably destroyed ({@link DeletedInput#destroyed}: acknowledged into the deleted topic at
 * or beyond the service's committed offset) is the fault's and is set apart by id, never by count;
 * every other lost id is the service's. Lost-by-service and duplicated ids are kept as their
 * acknowledgement times, so that each fault window can count its own ({@link #within}). Ids without
 * an acknowledgement time cannot be placed: every window counts them.
 */
public final class LossAccounting {

  /** Lost (by the service) and duplicated ids. */
  public record Counts(long lost, long duplicated) {}

  private final long[] lostTimes;
  private final long lostUntimed;
  private final long[] duplicatedTimes;
  private final long duplicatedUntimed;
  private final long lostTotal;
  private final Map<String, Long> destroyed;
  private final long destroyedWithoutOutcome;

  private LossAccounting(
      long[] lostTimes,
      long lostUntimed,
      long[] duplicatedTimes,
      long duplicatedUntimed,
      long lostTotal,
      Map<String, Long> destroyed,
      long destroyedWithoutOutcome) {
    this.lostTimes = lostTimes;
    this.lostUntimed = lostUntimed;
    this.duplicatedTimes = duplicatedTimes;
    this.duplicatedUntimed = duplicatedUntimed;
    this.lostTotal = lostTotal;
    this.destroyed = Map.copyOf(destroyed);
    this.destroyedWithoutOutcome = destroyedWithoutOutcome;
  }

  /** Nothing lost, nothing duplicated. */
  public static LossAccounting none() {
    return untimed(0, 0);
  }

  /** Counts without per-id data (nothing destroyed, nothing placeable): every window gets all. */
  public static LossAccounting untimed(long lost, long duplicated) {
    return new LossAccounting(new long[0], lost, new long[0], duplicated, lost, Map.of(), 0);
  }

  /**
   * From a ledger the {@link Reconciler} has marked, and what the run's faults deleted of the
   * input.
   */
  public static LossAccounting of(Ledger ledger, List<DeletedInput> deletions) {
    Times lost = new Times();
    Times duplicated = new Times();
    long[] lostTotal = new long[1];
    long[] withoutOutcome = new long[1];
    Map<String, Long> destroyed = new HashMap<>();
    ledger.forEach(
        Ledger.Mark.LOST,
        List.of(),
        id -> {
          lostTotal[0]++;
          Optional<Ledger.Ack> ack = ledger.ack(id);
          Optional<DeletedInput> by = ack.flatMap(a -> destroyedBy(a, deletions));
          if (by.isPresent()) {
            destroyed.merge(by.get().faultId(), 1L, Long::sum);
            if (!ledger.has(id, Ledger.Mark.PROCESSED)
                && !ledger.has(id, Ledger.Mark.DEAD_LETTERED)) {
              withoutOutcome[0]++;
            }
          } else {
            lost.add(ack);
          }
        });
    ledger.forEach(Ledger.Mark.DUPLICATED, List.of(), id -> duplicated.add(ledger.ack(id)));
    return new LossAccounting(
        lost.sorted(),
        lost.untimed,
        duplicated.sorted(),
        duplicated.untimed,
        lostTotal[0],
        destroyed,
        withoutOutcome[0]);
  }

  private static Optional<DeletedInput> destroyedBy(Ledger.Ack ack, List<DeletedInput> deletions) {
    for (DeletedInput d : deletions) {
      if (d.destroyed(ack.partition(), ack.offset(), ack.ackEpochMs())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Every lost id, destroyed ones included. */
  public long lostTotal() {
    return lostTotal;
  }

  /** Lost ids the service lost: every lost id but the destroyed ones. */
  public long lostByService() {
    return lostTimes.length + lostUntimed;
  }

  public long duplicated() {
    return duplicatedTimes.length + duplicatedUntimed;
  }

  /** Lost ids the fault destroyed. */
  public long destroyedBy(String faultId) {
    return destroyed.getOrDefault(faultId, 0L);
  }

  /** Lost ids any fault destroyed. */
  public long destroyed() {
    return destroyed.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Destroyed ids that never got an outcome: they are among the run's "acknowledged but not
   * processed" at its end, rightly.
   */
  public long destroyedWithoutOutcome() {
    return destroyedWithoutOutcome;
  }

  /** Ids with no acknowledgement time (counted in every window). */
  public Counts untimed() {
    return new Counts(lostUntimed, duplicatedUntimed);
  }

  /** Lost-by-service and duplicated ids acknowledged in [from, until] (epoch ms), and untimed. */
  public Counts within(long fromMs, long untilMs) {
    return new Counts(
        between(lostTimes, fromMs, untilMs) + lostUntimed,
        between(duplicatedTimes, fromMs, untilMs) + duplicatedUntimed);
  }

  /** Lost-by-service and duplicated ids whose acknowledgement lies in none of the windows. */
  public Counts outside(List<Window> windows) {
    return new Counts(outside(lostTimes, windows), outside(duplicatedTimes, windows));
  }

  /** An inclusive range of acknowledgement times (epoch ms). */
  public record Window(long fromMs, long untilMs) {
    boolean contains(long t) {
      return t >= fromMs && t <= untilMs;
    }
  }

  private static long outside(long[] times, List<Window> windows) {
    long n = 0;
    for (long t : times) {
      if (windows.stream().noneMatch(w -> w.contains(t))) {
        n++;
      }
    }
    return n;
  }

  private static long between(long[] sorted, long from, long until) {
    if (until < from) {
      return 0;
    }
    return firstAbove(sorted, until) - firstAtOrAbove(sorted, from);
  }

  private static int firstAtOrAbove(long[] sorted, long t) {
    int i = Arrays.binarySearch(sorted, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == t) {
      i--;
    }
    return i;
  }

  private static int firstAbove(long[] sorted, long t) {
    if (t == Long.MAX_VALUE) {
      return sorted.length;
    }
    return firstAtOrAbove(sorted, t + 1);
  }

  /** A growable list of acknowledgement times. */
  private static final class Times {
    private long[] times = new long[16];
    private int size;
    private long untimed;

    void add(Optional<Ledger.Ack> ack) {
      if (ack.isEmpty()) {
        untimed++;
        return;
      }
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
      }
      times[size++] = ack.get().ackEpochMs();
    }

    long[] sorted() {
      long[] sorted = Arrays.copyOf(times, size);
      Arrays.sort(sorted);
      return sorted;
    }
  }
}
