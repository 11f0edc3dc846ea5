package io.pipelineperf.gatling;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Completion on any service's output topic ({@code -Dcompletion=topic}): the message id is taken
 * from a JSON pointer into the record's value ({@code json:/order/id}), a header ({@code
 * header:message-id}) or the record key ({@code key}); an optional JSON pointer to a status field
 * maps each record to processed, dead-lettered or an unknown status (which the tracker reports as
 * an error, named). Without a status field every record means processed.
 */
public final class OutputTopicReader implements OutcomeReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the id lives in an output record. */
  public sealed interface IdSource permits JsonField, HeaderValue, RecordKey {
    /** Parses {@code json:/pointer}, {@code header:name} or {@code key}. */
    static IdSource parse(String setting, String value) {
      String v = value.strip();
      if (v.equals("key")) {
        return new RecordKey();
      }
      if (v.startsWith("header:") && v.length() > "header:".length()) {
        return new HeaderValue(v.substring("header:".length()));
      }
      if (v.startsWith("json:")) {
        return new JsonField(pointer(setting, v.substring("json:".length())));
      }
      throw new IllegalArgumentException(
          "-D"
              + setting
              + "="
              + value
              + " does not say where the id is: use json:/pointer (e.g. json:/id), header:<name>"
              + " (e.g. header:message-id) or key");
    }
  }

  public record JsonField(JsonPointer pointer) implements IdSource {}

  public record HeaderValue(String name) implements IdSource {}

  public record RecordKey() implements IdSource {}

  private final IdSource id;
  private final JsonPointer status;
  private final Set<String> processed;
  private final Set<String> deadLettered;

  /**
   * @param status JSON pointer to the status field, or null when every record means processed
   * @param processed status values meaning written (compared case-insensitively)
   * @param deadLettered status values meaning dead-lettered
   */
  public OutputTopicReader(
      IdSource id, JsonPointer status, Set<String> processed, Set<String> deadLettered) {
    this.id = id;
    this.status = status;
    this.processed = lowerCase(processed);
    this.deadLettered = lowerCase(deadLettered);
  }

  static JsonPointer pointer(String setting, String text) {
    try {
      JsonPointer p = JsonPointer.compile(text.strip());
      if (p.matches()) {
        throw new IllegalArgumentException("the empty pointer names the whole record");
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "-D"
              + setting
              + "="
              + text
              + " is not a JSON pointer to a field ("
              + e.getMessage()
              + "): write it as /field or /outer/field",
          e);
    }
  }

  @Override
  public Outcome read(ConsumerRecord<byte[], byte[]> record) throws IOException {
    JsonNode value = null;
    if (id instanceof JsonField || status != null) {
      if (record.value() == null) {
        return null; // a tombstone names no message
      }
      value = JSON.readTree(record.value());
      if (value == null || !value.isContainerNode()) {
        throw new IOException("not a JSON object or array");
      }
    }
    String messageId = idOf(record, value);
    if (messageId == null) {
      throw new IOException("no id at " + describeId());
    }
    if (status == null) {
      return new Outcome(messageId, Outcome.PROCESSED, null, null);
    }
    JsonNode field = value.at(status);
    String raw = field.isMissingNode() || field.isNull() ? null : field.asText();
    return new Outcome(messageId, statusOf(raw), raw, null);
  }

  private String idOf(ConsumerRecord<byte[], byte[]> record, JsonNode value) {
    if (id instanceof JsonField f) {
      JsonNode n = value.at(f.pointer());
      return n.isMissingNode() || n.isNull() || n.isContainerNode() ? null : n.asText();
    }
    if (id instanceof HeaderValue h) {
      Header header = record.headers().lastHeader(h.name());
      return header == null || header.value() == null
          ? null
          : new String(header.value(), StandardCharsets.UTF_8);
    }
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  private String statusOf(String raw) {
    if (raw == null) {
      return null;
    }
    String v = raw.toLowerCase(Locale.ROOT);
    if (processed.contains(v)) {
      return Outcome.PROCESSED;
    }
    if (deadLettered.contains(v)) {
      return Outcome.DEAD_LETTERED;
    }
    return raw;
  }

  /** For summary.json and messages: where the id was read. */
  public String describeId() {
    if (id instanceof JsonField f) {
      return "json:" + f.pointer();
    }
    if (id instanceof HeaderValue h) {
      return "header:" + h.name();
    }
    return "key";
  }

  private static Set<String> lowerCase(Set<String> values) {
    return Set.copyOf(values.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList());
  }
}
