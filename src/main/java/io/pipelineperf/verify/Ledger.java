package io.pipelineperf.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Every message id a run produced and what became of it: sent, acknowledged, processed,
 * dead-lettered. Thread-safe and compact (two longs and a byte per id in striped open-addressing
 * tables), so millions of ids fit in a few tens of megabytes.
 *
 * <p>Ids are UUIDs per the message contract; anything else (a deliberately malformed poison id) is
 * kept in a small side map so that it is still counted.
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
    TIMED_OUT(64);

    final int bit;

    Mark(int bit) {
      this.bit = bit;
    }
  }

  private static final int STRIPES = 64;
  private final Stripe[] stripes = new Stripe[STRIPES];
  private final ConcurrentHashMap<String, Integer> nonUuidIds = new ConcurrentHashMap<>();
  private final LongAdder[] counts = new LongAdder[Mark.values().length];

  public Ledger() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Sets the mark on the id; returns true when the id did not carry it before. */
  public boolean mark(String id, Mark mark) {
    UUID uuid = parse(id);
    boolean added;
    if (uuid == null) {
      int[] before = new int[1];
      nonUuidIds.merge(
          id,
          mark.bit,
          (old, bit) -> {
            before[0] = old;
            return old | bit;
          });
      added = (before[0] & mark.bit) == 0;
    } else {
      added = mark(uuid, mark);
      return added;
    }
    if (added) {
      counts[mark.ordinal()].increment();
    }
    return added;
  }

  /** Sets the mark on the id; returns true when the id did not carry it before. */
  public boolean mark(UUID id, Mark mark) {
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    long hash = mix(msb, lsb);
    boolean added = stripes[(int) (hash >>> 58)].mark(msb, lsb, (int) hash, (byte) mark.bit);
    if (added) {
      counts[mark.ordinal()].increment();
    }
    return added;
  }

  public boolean has(String id, Mark mark) {
    UUID uuid = parse(id);
    if (uuid == null) {
      Integer bits = nonUuidIds.get(id);
      return bits != null && (bits & mark.bit) != 0;
    }
    long msb = uuid.getMostSignificantBits();
    long lsb = uuid.getLeastSignificantBits();
    long hash = mix(msb, lsb);
    return (stripes[(int) (hash >>> 58)].bits(msb, lsb, (int) hash) & mark.bit) != 0;
  }

  /** How many ids carry the mark. */
  public long count(Mark mark) {
    return counts[mark.ordinal()].sum();
  }

  /** How many distinct ids the ledger holds. */
  public long size() {
    long size = nonUuidIds.size();
    for (Stripe stripe : stripes) {
      size += stripe.size();
    }
    return size;
  }

  /** Visits every UUID id carrying all of {@code required} and none of {@code excluded}. */
  public void forEach(Mark required, List<Mark> excluded, Consumer<UUID> visitor) {
    int excludedBits = 0;
    for (Mark m : excluded) {
      excludedBits |= m.bit;
    }
    for (Stripe stripe : stripes) {
      stripe.forEach(required.bit, excludedBits, visitor);
    }
  }

  /** The UUID ids carrying all of {@code required} and none of {@code excluded}. */
  public List<UUID> ids(Mark required, List<Mark> excluded) {
    List<UUID> ids = new ArrayList<>();
    forEach(required, excluded, ids::add);
    return ids;
  }

  private static UUID parse(String id) {
    if (id == null || id.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long mix(long msb, long lsb) {
    long h = msb * 0x9E3779B97F4A7C15L ^ lsb;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }

  /** One lock-guarded open-addressing table; a slot is empty while its bits are zero. */
  private static final class Stripe {
    private long[] msbs = new long[64];
    private long[] lsbs = new long[64];
    private byte[] bits = new byte[64];
    private int size;

    synchronized boolean mark(long msb, long lsb, int hash, byte bit) {
      int slot = find(msb, lsb, hash);
      if (bits[slot] == 0) {
        msbs[slot] = msb;
        lsbs[slot] = lsb;
        bits[slot] = bit;
        if (++size * 10 > bits.length * 7) {
          grow();
        }
        return true;
      }
      boolean added = (bits[slot] & bit) == 0;
      bits[slot] |= bit;
      return added;
    }

    synchronized int bits(long msb, long lsb, int hash) {
      return bits[find(msb, lsb, hash)];
    }

    synchronized int size() {
      return size;
    }

    synchronized void forEach(int required, int excluded, Consumer<UUID> visitor) {
      for (int i = 0; i < bits.length; i++) {
        int b = bits[i];
        if (b != 0 && (b & required) == required && (b & excluded) == 0) {
          visitor.accept(new UUID(msbs[i], lsbs[i]));
        }
      }
    }

    private int find(long msb, long lsb, int hash) {
      int mask = bits.length - 1;
      int slot = hash & mask;
      while (bits[slot] != 0 && (msbs[slot] != msb || lsbs[slot] != lsb)) {
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    private void grow() {
      long[] oldMsbs = msbs;
      long[] oldLsbs = lsbs;
      byte[] oldBits = bits;
      msbs = new long[oldBits.length * 2];
      lsbs = new long[oldBits.length * 2];
      bits = new byte[oldBits.length * 2];
      for (int i = 0; i < oldBits.length; i++) {
        if (oldBits[i] != 0) {
          int slot = find(oldMsbs[i], oldLsbs[i], (int) mix(oldMsbs[i], oldLsbs[i]));
          msbs[slot] = oldMsbs[i];
          lsbs[slot] = oldLsbs[i];
          bits[slot] = oldBits[i];
        }
      }
    }
  }
}
