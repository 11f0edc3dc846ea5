package io.pipelineperf.simulations;

import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Message payloads per the README message format: the template {@code message.json} with a fresh
 * id, a customer from {@code customers.csv} (so keys spread over the partitions), an amount, a
 * currency, the creation time and a note padded so that a message is about {@code -DmessageBytes}
 * bytes (default 1024).
 *
 * <p>Each virtual user gets its message as ONE session attribute ({@link #next()}, an {@code exec},
 * not a feeder: no feeder actor hop and no per-field session entries), rendered straight to bytes
 * by {@link MessageTemplate}; the send reads it back with {@link #id}, {@link #customer} and {@link
 * #json}.
 */
final class Messages {

  /** The session attribute that holds the user's {@link Message}. */
  static final String KEY = "pipelineperf.message";

  private static final int MAX_CUSTOMER_BYTES = 64;
  private static final byte[][] CURRENCIES = {
    ascii("EUR"), ascii("USD"), ascii("GBP"), ascii("CHF"), ascii("SEK")
  };

  /** One message: its id, its customer (the record key) and its JSON. */
  record Message(String id, String customer, byte[] json) {}

  /** The last instance made, reused while -DmessageBytes stays the same (tests run many runs). */
  private static volatile Messages shared;

  private final int messageBytes;

  private final String[] customers;
  private final byte[][] customerBytes;
  private final MessageTemplate template;

  /** This run's ids: the ledger's {@code MessageIds} once the run starts (see {@link #useIds}). */
  private static volatile Supplier<String> ids = PlaceholderIds::next;

  Messages(int messageBytes) {
    this.messageBytes = messageBytes;
    if (messageBytes < 200 || messageBytes > 1_000_000) {
      throw new IllegalArgumentException(
          "-DmessageBytes=" + messageBytes + " is out of range; use 200..1000000 (default 1024)");
    }
    this.customers = customers(resource("customers.csv"));
    this.customerBytes = new byte[customers.length][];
    int longest = 0;
    for (int i = 0; i < customers.length; i++) {
      customerBytes[i] = ascii(customers[i]);
      longest = Math.max(longest, customerBytes[i].length);
    }
    String text = resource("message.json").strip();
    MessageTemplate withoutNote = MessageTemplate.compile(text, Map.of("note", ""));
    int pad =
        Math.max(
            0,
            messageBytes - withoutNote.literalBytes() - withoutNote.fieldBytesUpperBound(longest));
    this.template = MessageTemplate.compile(text, Map.of("note", "x".repeat(pad)));
  }

  /**
   * Makes every later message take its id from {@code runIds}: the run's ledger hands them out, so
   * it tracks them densely by sequence number.
   */
  static void useIds(Supplier<String> runIds) {
    ids = runIds;
  }

  /** A fresh id of this run (for messages not made here, e.g. a user's payload template). */
  static String nextId() {
    return ids.get();
  }

  /** The shared instance for {@code -DmessageBytes}. */
  static synchronized Messages instance() {
    int bytes = Integer.getInteger("messageBytes", 1024);
    Messages current = shared;
    if (current == null || current.messageBytes != bytes) {
      current = new Messages(bytes);
      shared = current;
    }
    return current;
  }

  /** {@code exec(Messages.next())}: puts a fresh message into the session. */
  static Function<Session, Session> next() {
    Messages messages = instance();
    return session -> session.set(KEY, messages.create());
  }

  static String id(Session session) {
    return message(session).id();
  }

  static String customer(Session session) {
    return message(session).customer();
  }

  static byte[] json(Session session) {
    return message(session).json();
  }

  private static Message message(Session session) {
    Message m = session.get(KEY);
    if (m == null) {
      throw new IllegalStateException("no message in the session: exec(Messages.next()) first");
    }
    return m;
  }

  /** A fresh message. */
  Message create() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int c = random.nextInt(customers.length);
    String id = ids.get();
    byte[] json =
        template.render(
            new MessageTemplate.Values(
                id,
                customerBytes[c],
                random.nextLong(1, 100_000),
                CURRENCIES[random.nextInt(CURRENCIES.length)],
                System.currentTimeMillis()));
    return new Message(id, customers[c], json);
  }

  private static String[] customers(String csv) {
    List<String> list = new ArrayList<>();
    String[] lines = csv.split("\r?\n");
    if (lines.length < 2 || !lines[0].strip().equals("customer")) {
      throw new IllegalStateException("customers.csv must have the header 'customer' and rows");
    }
    for (int i = 1; i < lines.length; i++) {
      String c = lines[i].strip();
      if (c.isEmpty()) {
        continue;
      }
      if (c.length() > MAX_CUSTOMER_BYTES || !c.chars().allMatch(Messages::plainJsonChar)) {
        throw new IllegalStateException(
            "customers.csv line " + (i + 1) + ": '" + c + "' must be printable ASCII, no \" or \\");
      }
      list.add(c);
    }
    return list.toArray(String[]::new);
  }

  private static boolean plainJsonChar(int ch) {
    return ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\';
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String resource(String name) {
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is not on the test classpath; it lives in simulations-data/");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
