package io.pipelineperf.simulations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Message payloads per the README message format: the template {@code message.json} (Gatling EL)
 * and a feeder of fresh ids, amounts, currencies, timestamps and a note padded so that a message is
 * about {@code -DmessageBytes} bytes (default 1024). Customers come from {@code customers.csv}, so
 * keys spread over the partitions.
 */
final class Messages {

  static final String TEMPLATE = resource("message.json").strip();
  private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF", "SEK");
  private static final int TEMPLATE_OVERHEAD = 180; // id, customer, amount, date and the JSON

  private Messages() {}

  /** Endless feeder: id, amount, currency, createdAt, note. */
  static Iterator<Map<String, Object>> feeder() {
    int bytes = Integer.getInteger("messageBytes", 1024);
    if (bytes < 200 || bytes > 1_000_000) {
      throw new IllegalArgumentException(
          "-DmessageBytes=" + bytes + " is out of range; use 200..1000000 (default 1024)");
    }
    String note = "x".repeat(bytes - TEMPLATE_OVERHEAD);
    return Stream.generate(() -> message(note)).iterator();
  }

  private static Map<String, Object> message(String note) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Map.of(
        "id", UUID.randomUUID().toString(),
        "amount",
            BigDecimal.valueOf(random.nextLong(1, 100_000), 2)
                .setScale(2, RoundingMode.UNNECESSARY),
        "currency", CURRENCIES.get(random.nextInt(CURRENCIES.size())),
        "createdAt", Instant.now().toString(),
        "note", note);
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
