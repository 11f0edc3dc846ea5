package io.pipelineperf.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.Session;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A user's payload ({@code -Dpayload=simulations-data/payloads/order.json}): a template in
 * Gatling's Expression Language rendered for each virtual user, with an optional record key ({@code
 * -Dpayload.key=}), headers ({@code -Dpayload.headers=name=#{expr};...}), the place the id travels
 * ({@code -Dpayload.id=}, see {@link IdLocation}), padding to a size ({@code -Dpayload.padTo=}
 * bytes, filling {@code #{padding}}) and a feeder ({@link FeederChoice}).
 *
 * <p>The lab sets {@code #{messageId}} (this run's id, tracked end to end) in each user's session
 * before the template is rendered; the feeder's columns are attributes too.
 *
 * <p>{@link #check()} renders one message for a sample session (the feeder's first record and a
 * sample id) and fails, naming the setting, on anything that would spoil the load.
 */
public final class Payload {

  /** The session attribute holding this message's id. */
  public static final String MESSAGE_ID = "messageId";

  static final String TEMPLATE = "payload";
  static final String KEY = "payload.key";
  static final String HEADERS = "payload.headers";
  static final String PAD_TO = "payload.padTo";
  static final String PADDING = "#{padding}";
  static final String SAMPLE_ID = "3f1c9a2e-7b41-8d02-a5c3-000000000001";
  private static final char FILLER = 'x';
  private static final String MESSAGE_ID_EL = "#{" + MESSAGE_ID + "}";

  private final DataFile file;
  private final String text;
  private final ElString key;
  private final Map<String, ElString> headers;
  private final IdLocation idLocation;
  private final Integer padTo;
  private final FeederChoice feeder;
  private volatile Checked checked;

  /** The template compiled with its padding and the sample rendered from it. */
  record Checked(ElString template, int paddingChars, byte[] sample) {}

  private Payload(
      DataFile file,
      String text,
      ElString key,
      Map<String, ElString> headers,
      IdLocation idLocation,
      Integer padTo,
      FeederChoice feeder) {
    this.file = file;
    this.text = text;
    this.key = key;
    this.headers = headers;
    this.idLocation = idLocation;
    this.padTo = padTo;
    this.feeder = feeder;
  }

  /**
   * The payload of {@code -Dpayload=}, or empty (the lab's own messages). Checked at once unless
   * its feeder queries the stack's database, which does not exist yet: then call {@link #check()}
   * once the stack has started.
   */
  public static Optional<Payload> fromSystemProperties(Supplier<Database> database) {
    Payload payload = from(System::getProperty, database);
    if (payload != null && !payload.needsDatabase()) {
      payload.check();
    }
    return Optional.ofNullable(payload);
  }

  /** Parses the settings (null when {@code payload} is not set); nothing rendered yet. */
  static Payload from(Function<String, String> settings, Supplier<Database> database) {
    String name = settings.apply(TEMPLATE);
    if (name == null || name.isBlank()) {
      for (String other : new String[] {KEY, HEADERS, PAD_TO, IdLocation.SETTING}) {
        if (settings.apply(other) != null) {
          throw new IllegalArgumentException(
              "-D" + other + " is set but -D" + TEMPLATE + "= names no template");
        }
      }
      return null;
    }
    DataFile file = DataFile.find(TEMPLATE, name.strip());
    String text = file.text().strip();
    Integer padTo = padTo(settings.apply(PAD_TO));
    if (padTo != null && !text.contains(PADDING)) {
      throw new IllegalArgumentException(
          "-D"
              + PAD_TO
              + "="
              + padTo
              + " needs "
              + PADDING
              + " in the template "
              + name
              + ", where the filler goes (e.g. \"note\":\""
              + PADDING
              + "\")");
    }
    IdLocation idLocation = IdLocation.parse(settings.apply(IdLocation.SETTING));
    String keyText = settings.apply(KEY);
    if ((keyText == null || keyText.isBlank()) && idLocation instanceof IdLocation.Key) {
      keyText = MESSAGE_ID_EL;
    }
    ElString key = keyText == null || keyText.isBlank() ? null : ElString.compile(KEY, keyText);
    Map<String, ElString> headers = headers(settings.apply(HEADERS));
    if (idLocation instanceof IdLocation.Header h && !headers.containsKey(h.name())) {
      headers.put(h.name(), ElString.compile(HEADERS, MESSAGE_ID_EL));
    }
    FeederChoice feeder = FeederChoice.from(settings, database);
    return new Payload(
        file, text, key, Collections.unmodifiableMap(headers), idLocation, padTo, feeder);
  }

  private static Integer padTo(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      int bytes = Integer.parseInt(text.strip());
      if (bytes > 0 && bytes <= 10_000_000) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "-D" + PAD_TO + "=" + text + " is not a size: give bytes, 1..10000000");
  }

  private static Map<String, ElString> headers(String text) {
    Map<String, ElString> headers = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return headers;
    }
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || entry.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException(
            "-D" + HEADERS + ": '" + entry + "' is not name=value; write name=#{expr};other=value");
      }
      String name = entry.substring(0, eq).strip();
      if (name.equals("message-id")) {
        throw new IllegalArgumentException(
            "-D" + HEADERS + ": the lab sets header message-id itself (the run's id)");
      }
      headers.put(name, ElString.compile(HEADERS + " (" + name + ")", entry.substring(eq + 1)));
    }
    return headers;
  }

  /**
   * Renders one message for a sample session and fails, naming the setting, when an attribute is
   * missing, a .json template does not give JSON, the id is not where {@code -Dpayload.id} says, or
   * the padding cannot reach {@code -Dpayload.padTo}. Idempotent.
   */
  public synchronized void check() {
    if (checked != null) {
      return;
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (feeder != null) {
      attributes.putAll(feeder.firstRecord());
    }
    attributes.put(MESSAGE_ID, SAMPLE_ID);
    Session sample = SampleSession.with(attributes);

    int paddingChars = 0;
    if (padTo != null) {
      int unpadded = render(compileTemplate(0), sample, attributes).length;
      paddingChars = padTo - unpadded;
      if (paddingChars < 0) {
        throw new IllegalArgumentException(
            "-D"
                + PAD_TO
                + "="
                + padTo
                + " is below the size of "
                + file.name()
                + " rendered without padding ("
                + unpadded
                + " bytes for the sample): raise it or leave it out");
      }
    }
    ElString template = compileTemplate(paddingChars);
    byte[] value = render(template, sample, attributes);
    if (file.isJson()) {
      requireJson(value);
    }
    String sampleKey = key == null ? null : renderText(key, sample, attributes);
    Map<String, String> sampleHeaders = new LinkedHashMap<>();
    headers.forEach((name, el) -> sampleHeaders.put(name, renderText(el, sample, attributes)));
    idLocation
        .missingIn(value, sampleKey, sampleHeaders, SAMPLE_ID)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(
                  "-D" + IdLocation.SETTING + ": " + why + " (template " + file.name() + ")");
            });
    checked = new Checked(template, paddingChars, value);
    System.out.println("Payload: " + this + "; the sample message is " + value.length + " bytes");
  }

  private ElString compileTemplate(int paddingChars) {
    String filled = text.replace(PADDING, String.valueOf(FILLER).repeat(paddingChars));
    return ElString.compile(TEMPLATE + "=" + file.name(), filled);
  }

  private byte[] render(ElString template, Session sample, Map<String, Object> attributes) {
    return renderText(template, sample, attributes).getBytes(StandardCharsets.UTF_8);
  }

  private String renderText(ElString el, Session sample, Map<String, Object> attributes) {
    ElString.Rendered r = el.tryRender(sample);
    if (r.ok()) {
      return r.text();
    }
    throw new IllegalArgumentException(
        "-D" + el.setting() + ": " + r.failure() + "; " + provided(attributes));
  }

  private String provided(Map<String, Object> attributes) {
    String lab = "the lab sets " + MESSAGE_ID;
    if (feeder == null) {
      return lab
          + "; there is no feeder (-D"
          + FeederChoice.FILE
          + "= or -D"
          + FeederChoice.JDBC_QUERY
          + "=) to provide other attributes";
    }
    Map<String, Object> columns = new LinkedHashMap<>(attributes);
    columns.remove(MESSAGE_ID);
    return lab
        + "; the feeder "
        + feeder
        + " has the columns "
        + String.join(", ", columns.keySet());
  }

  private void requireJson(byte[] value) {
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    try {
      mapper.readTree(new String(value, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "-D"
              + TEMPLATE
              + "="
              + file.name()
              + " does not render valid JSON for the sample: "
              + e.getOriginalMessage()
              + " at "
              + where(e.getLocation(), value));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("-D" + TEMPLATE + "=" + file.name() + ": " + e, e);
    }
  }

  /** Line and column, and the rendered text around the spot. */
  private static String where(JsonLocation location, byte[] value) {
    if (location == null) {
      return "an unknown place";
    }
    String rendered = new String(value, StandardCharsets.UTF_8);
    int at = (int) Math.max(0, Math.min(rendered.length(), location.getCharOffset()));
    String around =
        rendered.substring(Math.max(0, at - 30), at)
            + " >>>"
            + rendered.substring(at, Math.min(rendered.length(), at + 10));
    return "line "
        + location.getLineNr()
        + ", column "
        + location.getColumnNr()
        + " of the rendered message: "
        + around.replace('\n', ' ');
  }

  boolean needsDatabase() {
    return feeder != null && feeder.needsDatabase();
  }

  /** Gatling's feeder for {@code .feed(..)}, when a feeder is set. */
  public Optional<FeederBuilder<Object>> feeder() {
    return Optional.ofNullable(feeder).map(FeederChoice::builder);
  }

  /** {@code exec(payload.newMessage(ids))}: puts a fresh id into the session as #{messageId}. */
  public Function<Session, Session> newMessage(Supplier<String> ids) {
    return session -> session.set(MESSAGE_ID, ids.get());
  }

  public Function<Session, String> messageId() {
    return session -> session.getString(MESSAGE_ID);
  }

  /** The rendered template as UTF-8 bytes. */
  public Function<Session, byte[]> value() {
    return session -> {
      Checked c = checked;
      if (c == null) {
        throw new IllegalStateException("the payload was not checked before the load (check())");
      }
      return c.template().function().apply(session).getBytes(StandardCharsets.UTF_8);
    };
  }

  /** The record key ({@code -Dpayload.key=}); null when none is set. */
  public Function<Session, String> key() {
    return key == null ? session -> null : key.function();
  }

  /** The headers of {@code -Dpayload.headers=} (and the id's own, for {@code header:<name>}). */
  public Map<String, Function<Session, String>> headers() {
    Map<String, Function<Session, String>> functions = new LinkedHashMap<>();
    headers.forEach((name, el) -> functions.put(name, el.function()));
    return functions;
  }

  /** The message rendered for the sample session, once checked. */
  byte[] sample() {
    return checked == null ? null : checked.sample();
  }

  int paddingChars() {
    return checked == null ? 0 : checked.paddingChars();
  }

  @Override
  public String toString() {
    return "payload "
        + file.name()
        + (feeder == null ? "" : ", feeder " + feeder)
        + (padTo == null ? "" : ", padded to about " + padTo + " bytes")
        + (key == null ? "" : ", key -D" + KEY)
        + (headers.isEmpty() ? "" : ", headers " + headers.keySet());
  }
}
