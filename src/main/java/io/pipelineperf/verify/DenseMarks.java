package io.pipelineperf.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Marks (and acknowledgement records) of this run's own ids, indexed by sequence in chunks of 64 Ki
 * ids allocated on first use: 2 bytes per id, plus 16 per id once an acknowledgement with its
 * partition and offset is recorded. Lock-free: a mark is one atomic OR.
 */
final class DenseMarks {

  static final int CHUNK_BITS = 16;
  static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MAX_CHUNKS = 1 << 15;

  /** The ids this store can hold (2^31); beyond it the ledger keeps them as other ids. */
  static final long CAPACITY = (long) CHUNK * MAX_CHUNKS;

  private static final VarHandle SHORTS = MethodHandles.arrayElementVarHandle(short[].class);
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final AtomicReferenceArray<short[]> marks = new AtomicReferenceArray<>(MAX_CHUNKS);
  private final AtomicReferenceArray<long[]> acks = new AtomicReferenceArray<>(MAX_CHUNKS);

  /** Sets the bits; returns the bits the id carried before. */
  int mark(long seq, int bits) {
    short[] chunk = chunk(marks, (int) (seq >>> CHUNK_BITS), CHUNK, short[]::new);
    return (short) SHORTS.getAndBitwiseOr(chunk, (int) (seq & (CHUNK - 1)), (short) bits) & 0xFFFF;
  }

  /** Clears the bits; returns the bits the id carried before. */
  int clear(long seq, int bits) {
    short[] chunk = marks.get((int) (seq >>> CHUNK_BITS));
    if (chunk == null) {
      return 0;
    }
    return (short) SHORTS.getAndBitwiseAnd(chunk, (int) (seq & (CHUNK - 1)), (short) ~bits)
        & 0xFFFF;
  }

  int bits(long seq) {
    short[] chunk = marks.get((int) (seq >>> CHUNK_BITS));
    return chunk == null ? 0 : (short) SHORTS.getAcquire(chunk, (int) (seq & (CHUNK - 1))) & 0xFFFF;
  }

  void ack(long seq, long offset, long packed) {
    long[] chunk = chunk(acks, (int) (seq >>> CHUNK_BITS), 2 * CHUNK, long[]::new);
    int i = 2 * (int) (seq & (CHUNK - 1));
    LONGS.setRelease(chunk, i, offset);
    LONGS.setRelease(chunk, i + 1, packed);
  }

  /** The packed acknowledgement (0: none) and its offset, into {@code out[0..1]}. */
  boolean ack(long seq, long[] out) {
    long[] chunk = acks.get((int) (seq >>> CHUNK_BITS));
    if (chunk == null) {
      return false;
    }
    int i = 2 * (int) (seq & (CHUNK - 1));
    long packed = (long) LONGS.getAcquire(chunk, i + 1);
    if (packed == 0) {
      return false;
    }
    out[0] = (long) LONGS.getAcquire(chunk, i);
    out[1] = packed;
    return true;
  }

  /** Visits every sequence whose bits are non-zero. */
  void forEach(SequenceVisitor visitor) {
    for (int c = 0; c < MAX_CHUNKS; c++) {
      short[] chunk = marks.get(c);
      if (chunk == null) {
        continue;
      }
      long base = (long) c << CHUNK_BITS;
      for (int i = 0; i < CHUNK; i++) {
        int b = (short) SHORTS.getAcquire(chunk, i) & 0xFFFF;
        if (b != 0) {
          visitor.visit(base + i, b);
        }
      }
    }
  }

  interface SequenceVisitor {
    void visit(long seq, int bits);
  }

  private static <T> T chunk(
      AtomicReferenceArray<T> chunks,
      int index,
      int length,
      java.util.function.IntFunction<T> make) {
    T chunk = chunks.get(index);
    if (chunk == null) {
      T fresh = make.apply(length);
      chunk = chunks.compareAndExchange(index, null, fresh);
      if (chunk == null) {
        chunk = fresh;
      }
    }
    return chunk;
  }
}
