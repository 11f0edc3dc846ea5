package io.pipelineperf.verify;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids of one run: UUID-shaped strings (version 8, RFC 9562 variant, so any UUID parser or
 * {@code uuid} column takes them) made of a random per-run prefix and a sequence number in the last
 * 12 hex digits: {@code xxxxxxxx-xxxx-8xxx-yxxx-<sequence>}. The prefix is drawn from {@link
 * SecureRandom} once (74 random bits: two runs practically never share it); {@link #next()} only
 * increments a counter and formats it, and {@link #sequenceOf(String)} gives the sequence back, so
 * the {@link Ledger} can keep this run's ids densely by sequence.
 */
public final class MessageIds {

  /** The largest sequence: 12 hex digits. */
  public static final long MAX_SEQUENCE = (1L << 48) - 1;

  static final int LENGTH = 36;
  private static final int PREFIX_LENGTH = 24;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] prefix;
  private final String prefixText;
  private final AtomicLong sequence = new AtomicLong();

  private MessageIds(long msb, long lsb) {
    // version 8 in msb bits 12..15, variant 0b10 in the top bits of lsb's first 16
    msb = (msb & ~0xF000L) | 0x8000L;
    int clock = (int) ((lsb & 0x3FFF) | 0x8000);
    byte[] p = new byte[PREFIX_LENGTH];
    hex(p, 0, msb >>> 32, 8);
    p[8] = '-';
    hex(p, 9, msb >>> 16, 4);
    p[13] = '-';
    hex(p, 14, msb, 4);
    p[18] = '-';
    hex(p, 19, clock, 4);
    p[23] = '-';
    this.prefix = p;
    this.prefixText = new String(p, StandardCharsets.US_ASCII);
  }

  /** A new run's ids, with a prefix from {@link SecureRandom}. */
  public static MessageIds forRun() {
    SecureRandom random = new SecureRandom();
    return new MessageIds(random.nextLong(), random.nextLong());
  }

  /** Ids with a chosen prefix (the random bits of a UUID's first 76 bits), for tests. */
  public static MessageIds withPrefix(long msb, long lsb) {
    return new MessageIds(msb, lsb);
  }

  /** The next id of the run; thread-safe, no allocation beyond the string. */
  public String next() {
    long seq = sequence.getAndIncrement();
    if (seq > MAX_SEQUENCE) {
      throw new IllegalStateException("a run cannot have more than 2^48 message ids");
    }
    return id(seq);
  }

  /** The id of the run with the given sequence. */
  public String id(long seq) {
    if (seq < 0 || seq > MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence must be 0.." + MAX_SEQUENCE + ", was " + seq);
    }
    byte[] b = new byte[LENGTH];
    System.arraycopy(prefix, 0, b, 0, PREFIX_LENGTH);
    hex(b, PREFIX_LENGTH, seq, 12);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /**
   * The sequence of one of this run's ids (its hex digits in either case), or -1 for any other
   * string.
   */
  public long sequenceOf(String id) {
    if (id == null
        || id.length() != LENGTH
        || !id.regionMatches(true, 0, prefixText, 0, PREFIX_LENGTH)) {
      return -1;
    }
    long seq = 0;
    for (int i = PREFIX_LENGTH; i < LENGTH; i++) {
      int digit = Character.digit(id.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      seq = (seq << 4) | digit;
    }
    return seq;
  }

  /** How many ids {@link #next()} has given out. */
  public long issued() {
    return Math.min(sequence.get(), MAX_SEQUENCE + 1);
  }

  /** The 24 characters every id of this run starts with. */
  public String prefix() {
    return prefixText;
  }

  private static void hex(byte[] into, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      into[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
