package io.pipelineperf.simulations;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The message template ({@code message.json}, placeholders {@code #{name}}) rendered straight to
 * bytes: cut once into literal byte chunks and fields, then each message is the chunks with its
 * fields spliced in, in one pass into a reused buffer and one exact-size copy. No EL, no strings
 * per field, no timestamp formatter. Constant fields (the note) are folded into the chunks.
 *
 * <p>Fields: {@code id} (36 ASCII characters), {@code customer} (plain ASCII, no JSON escaping
 * needed), {@code amount} (cents, written as {@code 123.45}), {@code currency}, {@code createdAt}
 * (ISO-8601 UTC with milliseconds, e.g. {@code 2026-12-02T02:07:33.123Z}).
 */
final class MessageTemplate {

  enum Field {
    ID,
    CUSTOMER,
    AMOUNT,
    CURRENCY,
    CREATED_AT
  }

  /** The values of one message; the id's and customer's characters are ASCII. */
  record Values(String id, byte[] customer, long amountCents, byte[] currency, long epochMillis) {}

  private static final int CREATED_AT_LENGTH = "2026-12-02T02:07:33.123Z".length();
  private static final int MAX_AMOUNT_LENGTH = Long.toString(Long.MAX_VALUE).length() + 2;

  private final byte[][] literals; // literals[i] precedes fields[i]; the last one ends the message
  private final Field[] fields;
  private final int literalBytes;
  private final ThreadLocal<byte[]> scratch;
  private volatile SecondPrefix second = new SecondPrefix(Long.MIN_VALUE, new byte[0]);

  private MessageTemplate(List<byte[]> literals, List<Field> fields) {
    this.literals = literals.toArray(byte[][]::new);
    this.fields = fields.toArray(Field[]::new);
    int sum = 0;
    for (byte[] l : this.literals) {
      sum += l.length;
    }
    this.literalBytes = sum;
    int upperBound = sum + this.fields.length * (MAX_AMOUNT_LENGTH + 64);
    this.scratch = ThreadLocal.withInitial(() -> new byte[upperBound + 4096]);
  }

  /**
   * Cuts the template at its placeholders; {@code constants} are substituted now (they must be
   * JSON-safe text). Every other placeholder must name a {@link Field} (in lowerCamel, e.g. {@code
   * createdAt}).
   */
  static MessageTemplate compile(String template, Map<String, String> constants) {
    List<byte[]> literals = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    ByteArrayOutputStream literal = new ByteArrayOutputStream();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("#{", i);
      if (open < 0) {
        literal.writeBytes(template.substring(i).getBytes(StandardCharsets.UTF_8));
        break;
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed placeholder at " + open + " in the template");
      }
      literal.writeBytes(template.substring(i, open).getBytes(StandardCharsets.UTF_8));
      String name = template.substring(open + 2, close);
      String constant = constants.get(name);
      if (constant != null) {
        literal.writeBytes(constant.getBytes(StandardCharsets.UTF_8));
      } else {
        literals.add(literal.toByteArray());
        literal.reset();
        fields.add(field(name));
      }
      i = close + 1;
    }
    literals.add(literal.toByteArray());
    return new MessageTemplate(literals, fields);
  }

  private static Field field(String name) {
    return switch (name) {
      case "id" -> Field.ID;
      case "customer" -> Field.CUSTOMER;
      case "amount" -> Field.AMOUNT;
      case "currency" -> Field.CURRENCY;
      case "createdAt" -> Field.CREATED_AT;
      default ->
          throw new IllegalArgumentException(
              "unknown placeholder #{" + name + "} in the message template");
    };
  }

  /** Bytes of the template without its fields (constants included). */
  int literalBytes() {
    return literalBytes;
  }

  /** The rendered message. */
  byte[] render(Values v) {
    byte[] buf = scratch.get();
    int at = 0;
    for (int f = 0; f < fields.length; f++) {
      byte[] l = literals[f];
      System.arraycopy(l, 0, buf, at, l.length);
      at += l.length;
      at = write(fields[f], v, buf, at);
    }
    byte[] last = literals[fields.length];
    System.arraycopy(last, 0, buf, at, last.length);
    return Arrays.copyOf(buf, at + last.length);
  }

  private int write(Field field, Values v, byte[] buf, int at) {
    switch (field) {
      case ID:
        return ascii(v.id(), buf, at);
      case CUSTOMER:
        System.arraycopy(v.customer(), 0, buf, at, v.customer().length);
        return at + v.customer().length;
      case AMOUNT:
        return amount(v.amountCents(), buf, at);
      case CURRENCY:
        System.arraycopy(v.currency(), 0, buf, at, v.currency().length);
        return at + v.currency().length;
      case CREATED_AT:
        return createdAt(v.epochMillis(), buf, at);
      default:
        throw new IllegalStateException(field.toString());
    }
  }

  private static int ascii(String s, byte[] buf, int at) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      buf[at + i] = (byte) s.charAt(i);
    }
    return at + n;
  }

  static int amount(long cents, byte[] buf, int at) {
    if (cents < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + cents);
    }
    at = digits(cents / 100, buf, at);
    long fraction = cents % 100;
    buf[at] = '.';
    buf[at + 1] = (byte) ('0' + fraction / 10);
    buf[at + 2] = (byte) ('0' + fraction % 10);
    return at + 3;
  }

  private static int digits(long value, byte[] buf, int at) {
    int length = 1;
    for (long v = value; v >= 10; v /= 10) {
      length++;
    }
    for (int i = at + length - 1; i >= at; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + length;
  }

  // "2026-12-02T02:07:33." is formatted once per second; the milliseconds and 'Z' per message.
  private int createdAt(long epochMillis, byte[] buf, int at) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    SecondPrefix s = second;
    if (s.epochSecond != epochSecond) {
      s = new SecondPrefix(epochSecond, prefix(epochSecond));
      second = s;
    }
    System.arraycopy(s.bytes, 0, buf, at, s.bytes.length);
    at += s.bytes.length;
    int millis = (int) Math.floorMod(epochMillis, 1000);
    buf[at] = (byte) ('0' + millis / 100);
    buf[at + 1] = (byte) ('0' + millis / 10 % 10);
    buf[at + 2] = (byte) ('0' + millis % 10);
    buf[at + 3] = 'Z';
    return at + 4;
  }

  private static byte[] prefix(long epochSecond) {
    String whole = Instant.ofEpochSecond(epochSecond).toString(); // 2026-12-02T02:07:33Z
    if (whole.length() != CREATED_AT_LENGTH - 4) {
      throw new IllegalStateException("unexpected instant format: " + whole);
    }
    return (whole.substring(0, whole.length() - 1) + ".").getBytes(StandardCharsets.US_ASCII);
  }

  private record SecondPrefix(long epochSecond, byte[] bytes) {}

  /** The most bytes the fields of one message add, for sizing the constant padding. */
  int fieldBytesUpperBound(int longestCustomer) {
    int sum = 0;
    for (Field f : fields) {
      sum +=
          switch (f) {
            case ID -> 36;
            case CUSTOMER -> longestCustomer;
            case AMOUNT -> 8; // up to 999.99 ... 99999.99 with the amounts the feeder draws
            case CURRENCY -> 3;
            case CREATED_AT -> CREATED_AT_LENGTH;
          };
    }
    return sum;
  }
}
