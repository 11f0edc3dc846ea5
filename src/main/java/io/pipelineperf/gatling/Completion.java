package io.pipelineperf.gatling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What "processed" means in a run ({@code -Dcompletion=}): the reference service's outcome events
 * ({@code outcomes}, the default); a record naming the message on the service's output topic
 * ({@code topic}, see {@link OutputTopicCompletion}); or, for any Kafka consumer, its group having
 * committed past the message ({@code offsets}: {@code -Dcompletion.group=}, default {@code
 * -Dservice.consumer.group=} or pipeline-service; {@code -Dcompletion.topic=}, default {@code
 * -Dtopic.input=} or pipeline.messages; read every {@code -Dcompletion.pollMs=} (50) ms).
 */
public record Completion(
    Mode mode, String group, String topic, Duration pollInterval, OutputTopicCompletion output) {

  public enum Mode {
    OUTCOMES,
    TOPIC,
    OFFSETS
  }

  public static Completion fromSystemProperties() {
    String value = System.getProperty("completion", "outcomes").trim().toLowerCase(Locale.ROOT);
    Mode mode =
        switch (value) {
          case "outcomes" -> Mode.OUTCOMES;
          case "topic" -> Mode.TOPIC;
          case "offsets" -> Mode.OFFSETS;
          default ->
              throw new IllegalArgumentException(
                  "-Dcompletion="
                      + value
                      + " is unknown: use outcomes (the service publishes an outcome event per"
                      + " message), topic (it writes a record naming the message to an output"
                      + " topic) or offsets (its consumer group commits past the message)");
        };
    String group =
        System.getProperty(
            "completion.group", System.getProperty("service.consumer.group", "pipeline-service"));
    String topic =
        System.getProperty(
            "completion.topic", System.getProperty("topic.input", "pipeline.messages"));
    long pollMs;
    try {
      pollMs = Long.parseLong(System.getProperty("completion.pollMs", "50").trim());
    } catch (NumberFormatException e) {
      pollMs = -1;
    }
    if (pollMs < 1 || pollMs > 10_000) {
      throw new IllegalArgumentException(
          "-Dcompletion.pollMs=" + System.getProperty("completion.pollMs") + " must be 1-10000 ms");
    }
    if (mode == Mode.OFFSETS && (group.isBlank() || topic.isBlank())) {
      throw new IllegalArgumentException(
          "-Dcompletion=offsets needs the service's consumer group and input topic: set"
              + " -Dcompletion.group= and -Dcompletion.topic=");
    }
    OutputTopicCompletion output =
        mode == Mode.TOPIC ? OutputTopicCompletion.fromSystemProperties() : null;
    return new Completion(mode, group.trim(), topic.trim(), Duration.ofMillis(pollMs), output);
  }

  /** For summary.json: what a processed message was seen as. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.name().toLowerCase(Locale.ROOT));
    if (mode == Mode.OUTCOMES) {
      m.put("processedMeans", "the service published a processed outcome event for the message");
    } else if (mode == Mode.TOPIC) {
      m.putAll(output.describe());
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
