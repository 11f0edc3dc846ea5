package io.pipelineperf.verify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ObjIntConsumer;

/**
 * Marks and acknowledgement records of ids that are not this run's own (user templates, other
 * clients, deliberately malformed ones): striped open-addressing tables over a byte arena. A
 * lower-case canonical UUID is stored as its 16 bytes, anything else as UTF-8; about 50 bytes per
 * UUID id, all told.
 */
final class OtherIds {

  private static final int STRIPES = 64;
  private static final byte RAW = 0;
  private static final byte UUID16 = 1;

  private final Stripe[] stripes = new Stripe[STRIPES];

  OtherIds() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** Sets the bits; returns the bits the id carried before. */
  int mark(String id, int bits) {
    byte[] key = encode(id);
    int hash = hash(key);
    return stripe(hash).mark(key, hash, bits);
  }

  int clear(String id, int bits) {
    byte[] key = encode(id);
    int hash = hash(key);
    return stripe(hash).clear(key, hash, bits);
  }

  int bits(String id) {
    byte[] key = encode(id);
    int hash = hash(key);
    return stripe(hash).bits(key, hash);
  }

  void ack(String id, long offset, long packed) {
    byte[] key = encode(id);
    int hash = hash(key);
    stripe(hash).ack(key, hash, offset, packed);
  }

  boolean ack(String id, long[] out) {
    byte[] key = encode(id);
    int hash = hash(key);
    return stripe(hash).ack(key, hash, out);
  }

  /** Visits every id with non-zero bits. */
  void forEach(ObjIntConsumer<String> visitor) {
    for (Stripe stripe : stripes) {
      stripe.forEach(visitor);
    }
  }

  /** Clears the bits on every id that carries them; returns how many did. */
  long clearAll(int bits) {
    long cleared = 0;
    for (Stripe stripe : stripes) {
      cleared += stripe.clearAll(bits);
    }
    return cleared;
  }

  private Stripe stripe(int hash) {
    return stripes[(hash >>> 26) & (STRIPES - 1)];
  }

  static byte[] encode(String id) {
    if (isLowerCaseUuid(id)) {
      byte[] key = new byte[17];
      key[0] = UUID16;
      int k = 1;
      for (int i = 0; i < 36; i += 2) {
        if (id.charAt(i) == '-') {
          i--;
          continue;
        }
        key[k++] =
            (byte) (Character.digit(id.charAt(i), 16) << 4 | Character.digit(id.charAt(i + 1), 16));
      }
      return key;
    }
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[utf8.length + 1];
    key[0] = RAW;
    System.arraycopy(utf8, 0, key, 1, utf8.length);
    return key;
  }

  static String decode(byte[] arena, int from, int length) {
    if (arena[from] == UUID16) {
      char[] c = new char[36];
      int k = from + 1;
      for (int i = 0; i < 36; ) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          c[i++] = '-';
          continue;
        }
        int b = arena[k++] & 0xFF;
        c[i++] = Character.forDigit(b >>> 4, 16);
        c[i++] = Character.forDigit(b & 0xF, 16);
      }
      return new String(c);
    }
    return new String(arena, from + 1, length - 1, StandardCharsets.UTF_8);
  }

  private static boolean isLowerCaseUuid(String id) {
    if (id.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static int hash(byte[] key) {
    int h = 0x9747b28c;
    for (byte b : key) {
      h = (h ^ b) * 0x5bd1e995;
      h ^= h >>> 15;
    }
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  /** One lock-guarded table; entry {@code e} is table value {@code e + 1}. */
  private static final class Stripe {
    private byte[] arena = new byte[1024];
    private int used;
    private int[] table = new int[16];
    private int[] start = new int[8];
    private int[] length = new int[8];
    private int[] hashes = new int[8];
    private short[] marks = new short[8];
    private long[] ackOffset = new long[8];
    private long[] ackPacked = new long[8];
    private int size;

    synchronized int mark(byte[] key, int hash, int bits) {
      int e = findOrAdd(key, hash);
      int before = marks[e] & 0xFFFF;
      marks[e] = (short) (before | bits);
      return before;
    }

    synchronized int clear(byte[] key, int hash, int bits) {
      int e = find(key, hash);
      if (e < 0) {
        return 0;
      }
      int before = marks[e] & 0xFFFF;
      marks[e] = (short) (before & ~bits);
      return before;
    }

    synchronized int bits(byte[] key, int hash) {
      int e = find(key, hash);
      return e < 0 ? 0 : marks[e] & 0xFFFF;
    }

    synchronized void ack(byte[] key, int hash, long offset, long packed) {
      int e = findOrAdd(key, hash);
      ackOffset[e] = offset;
      ackPacked[e] = packed;
    }

    synchronized boolean ack(byte[] key, int hash, long[] out) {
      int e = find(key, hash);
      if (e < 0 || ackPacked[e] == 0) {
        return false;
      }
      out[0] = ackOffset[e];
      out[1] = ackPacked[e];
      return true;
    }

    synchronized void forEach(ObjIntConsumer<String> visitor) {
      for (int e = 0; e < size; e++) {
        if (marks[e] != 0) {
          visitor.accept(decode(arena, start[e], length[e]), marks[e] & 0xFFFF);
        }
      }
    }

    synchronized long clearAll(int bits) {
      long cleared = 0;
      for (int e = 0; e < size; e++) {
        if ((marks[e] & bits) != 0) {
          marks[e] = (short) (marks[e] & ~bits);
          cleared++;
        }
      }
      return cleared;
    }

    private int find(byte[] key, int hash) {
      int mask = table.length - 1;
      for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
        int v = table[slot];
        if (v == 0) {
          return -1;
        }
        int e = v - 1;
        if (hashes[e] == hash && sameKey(e, key)) {
          return e;
        }
      }
    }

    private int findOrAdd(byte[] key, int hash) {
      int mask = table.length - 1;
      int slot = hash & mask;
      for (; table[slot] != 0; slot = (slot + 1) & mask) {
        int e = table[slot] - 1;
        if (hashes[e] == hash && sameKey(e, key)) {
          return e;
        }
      }
      int e = size++;
      if (e == start.length) {
        int n = e * 2;
        start = Arrays.copyOf(start, n);
        length = Arrays.copyOf(length, n);
        hashes = Arrays.copyOf(hashes, n);
        marks = Arrays.copyOf(marks, n);
        ackOffset = Arrays.copyOf(ackOffset, n);
        ackPacked = Arrays.copyOf(ackPacked, n);
      }
      if (used + key.length > arena.length) {
        arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + key.length));
      }
      System.arraycopy(key, 0, arena, used, key.length);
      start[e] = used;
      length[e] = key.length;
      hashes[e] = hash;
      used += key.length;
      table[slot] = e + 1;
      if (size * 4 > table.length * 3) {
        rehash();
      }
      return e;
    }

    private boolean sameKey(int e, byte[] key) {
      return length[e] == key.length
          && Arrays.equals(arena, start[e], start[e] + length[e], key, 0, key.length);
    }

    private void rehash() {
      table = new int[table.length * 2];
      int mask = table.length - 1;
      for (int e = 0; e < size; e++) {
        int slot = hashes[e] & mask;
        while (table[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        table[slot] = e + 1;
      }
    }
  }
}
