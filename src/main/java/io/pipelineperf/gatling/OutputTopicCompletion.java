package io.pipelineperf.gatling;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The settings of {@code -Dcompletion=topic}: the service's output topic ({@code
 * -Dcompletion.output=}, required), where each record's message id is ({@code -Dcompletion.id=},
 * default {@code json:/id}), and an optional status field ({@code -Dcompletion.status=} a JSON
 * pointer; {@code -Dcompletion.status.processed=} default {@code processed,duplicate}; {@code
 * -Dcompletion.status.deadLettered=} default {@code dead-lettered}).
 */
public record OutputTopicCompletion(
    String topic,
    String idSetting,
    String statusPointer,
    Set<String> processedValues,
    Set<String> deadLetteredValues) {

  /** From system properties (or any lookup of them, for tests). */
  static OutputTopicCompletion from(UnaryOperator<String> properties) {
    String topic = or(properties, "completion.output", "").strip();
    if (topic.isEmpty()) {
      throw new IllegalArgumentException(
          "-Dcompletion=topic needs the service's output topic: set -Dcompletion.output=<topic>"
              + " (and -Dcompletion.id= json:/pointer, header:<name> or key, default json:/id)");
    }
    String status = or(properties, "completion.status", "").strip();
    OutputTopicCompletion c =
        new OutputTopicCompletion(
            topic,
            or(properties, "completion.id", "json:/id").strip(),
            status.isEmpty() ? null : status,
            values(properties, "completion.status.processed", "processed,duplicate"),
            values(properties, "completion.status.deadLettered", "dead-lettered"));
    c.reader(); // every setting is checked before the load starts
    return c;
  }

  private static String or(UnaryOperator<String> properties, String key, String fallback) {
    String v = properties.apply(key);
    return v == null ? fallback : v;
  }

  private static Set<String> values(UnaryOperator<String> properties, String key, String defaults) {
    Set<String> v =
        Arrays.stream(or(properties, key, defaults).split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    if (v.isEmpty()) {
      throw new IllegalArgumentException(
          "-D" + key + " is empty: give the status values as a comma list, e.g. " + defaults);
    }
    return v;
  }

  public OutputTopicReader reader() {
    JsonPointer status =
        statusPointer == null
            ? null
            : OutputTopicReader.pointer("completion.status", statusPointer);
    return new OutputTopicReader(
        OutputTopicReader.IdSource.parse("completion.id", idSetting),
        status,
        processedValues,
        deadLetteredValues);
  }

  /** For summary.json's completion section. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "processedMeans",
        "the service wrote a record naming the message to its output topic "
            + topic
            + (statusPointer == null
                ? ""
                : " with a status at " + statusPointer + " in " + processedValues));
    m.put("output", topic);
    m.put("id", idSetting);
    if (statusPointer != null) {
      m.put("status", statusPointer);
      m.put("processedValues", processedValues.stream().sorted().toList());
      m.put("deadLetteredValues", deadLetteredValues.stream().sorted().toList());
    }
    return m;
  }
}
