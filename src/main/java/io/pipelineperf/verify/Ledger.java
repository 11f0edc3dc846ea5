package io.pipelineperf.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Every message id a run produced and what became of it: sent, acknowledged (when, and at which
 * Kafka partition and offset), processed, dead-lettered, and what the reconciliation found. Ids of
 * this run's {@link MessageIds} are kept densely by sequence (2 bytes each, 18 once acknowledged
 * with a partition and offset); any other string id is kept in a compact hash table (about 50 bytes
 * for a UUID). Every id is counted and reconciled. Thread-safe.
 */
public final class Ledger {

  /** What happened to a message; an id carries any combination. */
  public enum Mark {
    SENT(1),
    ACKED(2),
    SEND_FAILED(4),
    PROCESSED(8),
    DEAD_LETTERED(16),
    DUPLICATE_OUTCOME(32),
    TIMED_OUT(64),
    /** Set by {@link Reconciler}: acknowledged, but not in the pipeline's table. */
    LOST(128),
    /** Set by {@link Reconciler}: in the pipeline's table more than once. */
    DUPLICATED(256);

    final int bit;

    Mark(int bit) {
      this.bit = bit;
    }
  }

  /**
   * What the producer learnt when the message was acknowledged.
   *
   * @param partition the Kafka partition, -1 when unknown (HTTP ingress, or not recorded)
   * @param offset the Kafka offset, -1 when unknown
   * @param ackEpochMs when the acknowledgement arrived
   */
  public record Ack(int partition, long offset, long ackEpochMs) {
    public boolean hasOffset() {
      return partition >= 0 && offset >= 0;
    }
  }

  private static final int MAX_PARTITION = (1 << 20) - 2;

  private final MessageIds ids;
  private final DenseMarks dense = new DenseMarks();
  private final OtherIds others = new OtherIds();
  private final LongAdder[] counts = new LongAdder[Mark.values().length];
  private final LongAdder size = new LongAdder();

  /** A ledger with a fresh run of ids ({@link MessageIds#forRun()}). */
  public Ledger() {
    this(MessageIds.forRun());
  }

  public Ledger(MessageIds ids) {
    this.ids = ids;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** The run's id generator: ids it makes are kept densely. */
  public MessageIds messageIds() {
    return ids;
  }

  /**
   * Sets the mark on the id; returns true when the id did not carry it before. {@code ACKED}
   * records the acknowledgement time (now) without partition and offset; {@link #acked} records
   * them too.
   */
  public boolean mark(String id, Mark mark) {
    if (mark == Mark.ACKED) {
      return acked(id, -1, -1, System.currentTimeMillis());
    }
    return set(id, mark);
  }

  /**
   * The message was acknowledged at {@code ackEpochMs}, stored at {@code partition} and {@code
   * offset} (from the producer's RecordMetadata; -1 and -1 when unknown). Sets {@code ACKED};
   * returns true when the id was not acknowledged before (only the first acknowledgement is kept).
   */
  public boolean acked(String id, int partition, long offset, long ackEpochMs) {
    long seq = denseSequence(id);
    int before = seq >= 0 ? dense.mark(seq, Mark.ACKED.bit) : others.mark(id, Mark.ACKED.bit);
    boolean added = counted(before, Mark.ACKED);
    if (added) {
      int p = partition < 0 || partition > MAX_PARTITION ? 0 : partition + 1;
      long packed = (Math.max(1, ackEpochMs) << 20) | p;
      long o = p == 0 ? -1 : offset;
      if (seq >= 0) {
        dense.ack(seq, o, packed);
      } else {
        others.ack(id, o, packed);
      }
    }
    return added;
  }

  /** The id's acknowledgement as recorded, empty when it was never acknowledged. */
  public Optional<Ack> ack(String id) {
    long[] raw = new long[2];
    long seq = denseSequence(id);
    boolean found = seq >= 0 ? dense.ack(seq, raw) : others.ack(id, raw);
    if (!found) {
      return Optional.empty();
    }
    int p = (int) (raw[1] & 0xFFFFF) - 1;
    return Optional.of(new Ack(p, p < 0 ? -1 : raw[0], raw[1] >>> 20));
  }

  public boolean has(String id, Mark mark) {
    long seq = denseSequence(id);
    int bits = seq >= 0 ? dense.bits(seq) : others.bits(id);
    return (bits & mark.bit) != 0;
  }

  /** Removes the mark from every id (e.g. {@code LOST} before a new reconciliation). */
  public void clear(Mark mark) {
    dense.forEach(
        (seq, bits) -> {
          if ((bits & mark.bit) != 0 && (dense.clear(seq, mark.bit) & mark.bit) != 0) {
            counts[mark.ordinal()].decrement();
          }
        });
    counts[mark.ordinal()].add(-others.clearAll(mark.bit));
  }

  /** How many ids carry the mark. */
  public long count(Mark mark) {
    return counts[mark.ordinal()].sum();
  }

  /** How many ids carry {@code required} and none of {@code excluded} (one pass over the ids). */
  public long count(Mark required, List<Mark> excluded) {
    long[] n = new long[1];
    forEach(required, excluded, id -> n[0]++);
    return n[0];
  }

  /** How many ids carry every bit of {@code requiredBits} (one pass over the ids). */
  long countAll(int requiredBits) {
    long[] n = new long[1];
    dense.forEach(
        (seq, bits) -> {
          if ((bits & requiredBits) == requiredBits) {
            n[0]++;
          }
        });
    others.forEach(
        (id, bits) -> {
          if ((bits & requiredBits) == requiredBits) {
            n[0]++;
          }
        });
    return n[0];
  }

  /** How many distinct ids the ledger holds. */
  public long size() {
    return size.sum();
  }

  /** Visits every id carrying {@code required} and none of {@code excluded}. */
  public void forEach(Mark required, List<Mark> excluded, Consumer<String> visitor) {
    int excludedBits = 0;
    for (Mark m : excluded) {
      excludedBits |= m.bit;
    }
    int ex = excludedBits;
    int req = required.bit;
    dense.forEach(
        (seq, bits) -> {
          if ((bits & req) != 0 && (bits & ex) == 0) {
            visitor.accept(ids.id(seq));
          }
        });
    others.forEach(
        (id, bits) -> {
          if ((bits & req) != 0 && (bits & ex) == 0) {
            visitor.accept(id);
          }
        });
  }

  /** The ids carrying {@code required} and none of {@code excluded}. */
  public List<String> ids(Mark required, List<Mark> excluded) {
    List<String> list = new ArrayList<>();
    forEach(required, excluded, list::add);
    return list;
  }

  private boolean set(String id, Mark mark) {
    long seq = denseSequence(id);
    int before = seq >= 0 ? dense.mark(seq, mark.bit) : others.mark(id, mark.bit);
    return counted(before, mark);
  }

  private boolean counted(int before, Mark mark) {
    if (before == 0) {
      size.increment();
    }
    if ((before & mark.bit) == 0) {
      counts[mark.ordinal()].increment();
      return true;
    }
    return false;
  }

  private long denseSequence(String id) {
    long seq = ids.sequenceOf(id);
    return seq < DenseMarks.CAPACITY ? seq : -1;
  }
}
