package io.pipelineperf.gatling;

import io.pipelineperf.verify.ReconcileQuery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What "processed" means in a run ({@code -Dcompletion=}): the reference service's outcome events
 * ({@code outcomes}, the default); a record naming the message on the service's output topic
 * ({@code topic}, see {@link OutputTopicCompletion}); for any Kafka consumer, its group having
 * committed past the message ({@code offsets}: {@code -Dcompletion.group=}, default {@code
 * -Dservice.consumer.group=} or pipeline-service; {@code -Dcompletion.topic=}, default {@code
 * -Dtopic.input=} or pipeline.messages; read every {@code -Dcompletion.pollMs=} (50) ms); or, for
 * any pipeline that writes a row per message, the row being committed in its database ({@code db}:
 * {@link DbCompletionSettings}, read every {@code -Dcompletion.pollMs=} (5) ms).
 */
public record Completion(
    Mode mode,
    String group,
    String topic,
    Duration pollInterval,
    OutputTopicCompletion output,
    DbCompletionSettings db) {

  public enum Mode {
    OUTCOMES,
    TOPIC,
    OFFSETS,
    DB
  }

  public static Completion fromSystemProperties() {
    return from(System::getProperty);
  }

  /** From system properties (or any lookup of them, for tests). */
  public static Completion from(UnaryOperator<String> properties) {
    String value = or(properties, "completion", "outcomes").trim().toLowerCase(Locale.ROOT);
    Mode mode =
        switch (value) {
          case "outcomes" -> Mode.OUTCOMES;
          case "topic" -> Mode.TOPIC;
          case "offsets" -> Mode.OFFSETS;
          case "db" -> Mode.DB;
          default ->
              throw new IllegalArgumentException(
                  "-Dcompletion="
                      + value
                      + " is unknown: use outcomes|topic|offsets|db: outcomes (the service"
                      + " publishes an outcome event per message), topic (it writes a record"
                      + " naming the message to -Dcompletion.output=), offsets (its consumer group"
                      + " commits past the message) or db (the message's row is committed in"
                      + " -Dcompletion.db.table=)");
        };
    String group =
        or(
            properties,
            "completion.group",
            or(properties, "service.consumer.group", "pipeline-service"));
    String topic =
        or(properties, "completion.topic", or(properties, "topic.input", "pipeline.messages"));
    String pollText = or(properties, "completion.pollMs", mode == Mode.DB ? "5" : "50");
    long pollMs;
    try {
      pollMs = Long.parseLong(pollText.trim());
    } catch (NumberFormatException e) {
      pollMs = -1;
    }
    if (pollMs < 1 || pollMs > 10_000) {
      throw new IllegalArgumentException("-Dcompletion.pollMs=" + pollText + " must be 1-10000 ms");
    }
    if (mode == Mode.OFFSETS && (group.isBlank() || topic.isBlank())) {
      throw new IllegalArgumentException(
          "-Dcompletion=offsets needs the service's consumer group and input topic: set"
              + " -Dcompletion.group= and -Dcompletion.topic=");
    }
    OutputTopicCompletion output =
        mode == Mode.TOPIC ? OutputTopicCompletion.from(properties) : null;
    DbCompletionSettings db = mode == Mode.DB ? DbCompletionSettings.from(properties) : null;
    return new Completion(mode, group.trim(), topic.trim(), Duration.ofMillis(pollMs), output, db);
  }

  private static String or(UnaryOperator<String> properties, String key, String fallback) {
    String v = properties.apply(key);
    return v == null ? fallback : v;
  }

  /**
   * What to reconcile against when no {@code -Dreconcile.*} setting says: the completion table and
   * id column with {@code -Dcompletion=db}, else the reference table.
   */
  public ReconcileQuery reconcileFallback() {
    return mode == Mode.DB
        ? new ReconcileQuery(db.table(), db.idColumn())
        : ReconcileQuery.defaults();
  }

  /** For summary.json: what a processed message was seen as. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.name().toLowerCase(Locale.ROOT));
    if (mode == Mode.OUTCOMES) {
      m.put("processedMeans", "the service published a processed outcome event for the message");
    } else if (mode == Mode.TOPIC) {
      m.putAll(output.describe());
    } else if (mode == Mode.DB) {
      m.put("processedMeans", "the row was committed in " + db.table());
      m.put("table", db.table());
      m.put("idColumn", db.idColumn());
      m.put("seqColumn", db.seqColumn());
      m.put("pollMs", pollInterval.toMillis());
      m.put("gapMs", db.gapTimeout().toMillis());
    } else {
      m.put(
          "processedMeans",
          "consumed and committed: consumer group "
              + group
              + " committed an offset past the message on "
              + topic
              + " (weaker than written; the reconciliation checks the rows)");
      m.put("group", group);
      m.put("topic", topic);
      m.put("pollMs", pollInterval.toMillis());
    }
    return m;
  }
}
