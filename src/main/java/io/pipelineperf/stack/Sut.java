package io.pipelineperf.stack;

import java.util.Locale;

/**
 * The system under test that the embedded stack starts beside Kafka and PostgreSQL ({@code
 * -Dsut=}): the reference service, a Kafka Connect worker running Debezium's JDBC sink, or any
 * command.
 */
public enum Sut {
  /** The reference service ({@link ServiceProcess}), the default. */
  REFERENCE("reference"),
  /** A Kafka Connect standalone worker with the Debezium JDBC sink ({@link KafkaConnectWorker}). */
  KAFKA_CONNECT_JDBC("kafka-connect-jdbc"),
  /** Any process the user names with {@code -Dsut.command=} ({@link CommandProcess}). */
  COMMAND("command");

  private final String id;

  Sut(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Parses {@code -Dsut}; blank means {@link #REFERENCE}. */
  public static Sut parse(String value) {
    if (value == null || value.isBlank()) {
      return REFERENCE;
    }
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (Sut sut : values()) {
      if (sut.id.equals(wanted)) {
        return sut;
      }
    }
    throw new StackConfigException(
        "sut='"
            + value
            + "' is not a known system under test: use -Dsut=reference, -Dsut=kafka-connect-jdbc"
            + " or -Dsut=command (with -Dsut.command=\"...\")");
  }
}
