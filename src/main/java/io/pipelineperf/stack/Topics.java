package io.pipelineperf.stack;

import java.util.regex.Pattern;

/** The three topics of the pipeline and the partition count used when creating them. */
public record Topics(String input, String outcomes, String dlq, int partitions) {
  public static final String DEFAULT_INPUT = "pipeline.messages";
  public static final String DEFAULT_OUTCOMES = "pipeline.outcomes";
  public static final String DEFAULT_DLQ = "pipeline.dlq";
  public static final int DEFAULT_PARTITIONS = 6;

  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public Topics {
    check("topic.input", input);
    check("topic.outcomes", outcomes);
    check("topic.dlq", dlq);
    if (input.equals(outcomes) || input.equals(dlq) || outcomes.equals(dlq)) {
      throw new StackConfigException(
          "topic.input, topic.outcomes and topic.dlq must be three different topics, got "
              + input
              + ", "
              + outcomes
              + ", "
              + dlq);
    }
    if (partitions < 1 || partitions > 1000) {
      throw new StackConfigException(
          "topic.partitions=" + partitions + " is out of range: use 1 to 1000 (default 6)");
    }
  }

  public static Topics defaults() {
    return new Topics(DEFAULT_INPUT, DEFAULT_OUTCOMES, DEFAULT_DLQ, DEFAULT_PARTITIONS);
  }

  public static Topics fromSystemProperties() {
    return from(Settings.fromSystem());
  }

  static Topics from(Settings settings) {
    return new Topics(
        settings.get("topic.input", DEFAULT_INPUT),
        settings.get("topic.outcomes", DEFAULT_OUTCOMES),
        settings.get("topic.dlq", DEFAULT_DLQ),
        settings.getInt("topic.partitions", DEFAULT_PARTITIONS, 1, 1000));
  }

  private static void check(String key, String name) {
    if (name == null || !LEGAL_NAME.matcher(name).matches()) {
      throw new StackConfigException(
          key
              + "='"
              + name
              + "' is not a legal Kafka topic name: use letters, digits, '.', '_' or '-'");
    }
  }
}
