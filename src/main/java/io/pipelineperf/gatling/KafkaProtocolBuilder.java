package io.pipelineperf.gatling;

import io.gatling.javaapi.core.ProtocolBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code kafka()}: where to send, how the producer and outcome consumer are configured, which topic
 * carries outcomes and how long a message may take end to end. Settings that are only known once
 * the stack runs (the bootstrap servers) can be given as suppliers; they are read by {@link
 * #start()}.
 *
 * <p>System properties {@code kafka.producer.X=Y} and {@code kafka.consumer.X=Y} are passed to the
 * producer and the outcome consumer as {@code X=Y} (they win over the builder's values).
 */
public final class KafkaProtocolBuilder implements ProtocolBuilder {

  private Supplier<String> bootstrapServers;
  private Supplier<String> outcomesTopic = () -> "pipeline.outcomes";
  private Duration e2eTimeout = Duration.ofSeconds(30);
  private Supplier<DbLogin> database = () -> null;
  private LoadProfile schedule;
  private final Map<String, LoadProfile> scenarioSchedules = new LinkedHashMap<>();
  private boolean expectDeadLetters;
  private final Map<String, String> producerProperties = new LinkedHashMap<>();
  private final Map<String, String> consumerProperties = new LinkedHashMap<>();
  private final KafkaProtocol protocol = new KafkaProtocol(this);

  KafkaProtocolBuilder() {
    producerProperties.put("acks", "all");
    producerProperties.put("linger.ms", "5");
    producerProperties.put("enable.idempotence", "true");
    producerProperties.put("max.block.ms", "10000");
  }

  public KafkaProtocolBuilder bootstrapServers(String servers) {
    return bootstrapServers(() -> servers);
  }

  public KafkaProtocolBuilder bootstrapServers(Supplier<String> servers) {
    this.bootstrapServers = Objects.requireNonNull(servers);
    return this;
  }

  public KafkaProtocolBuilder outcomesTopic(String topic) {
    return outcomesTopic(() -> topic);
  }

  public KafkaProtocolBuilder outcomesTopic(Supplier<String> topic) {
    this.outcomesTopic = Objects.requireNonNull(topic);
    return this;
  }

  /** The pipeline's database, for completion by database rows ({@code -Dcompletion=db}). */
  public KafkaProtocolBuilder database(Supplier<DbLogin> login) {
    this.database = Objects.requireNonNull(login);
    return this;
  }

  /** Messages without an outcome this long after they were due fail as "not processed". */
  public KafkaProtocolBuilder e2eTimeout(Duration timeout) {
    this.e2eTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /**
   * The load profile the one scenario with {@code send}/{@code trackOutcome} actions is injected
   * with: each user's first message is due when Gatling injects the user (coordinated-omission
   * free). Required: without a schedule the protocol does not start.
   */
  public KafkaProtocolBuilder schedule(LoadProfile profile) {
    this.schedule = Objects.requireNonNull(profile);
    return this;
  }

  /** As {@link #schedule(LoadProfile)} for the scenario of that name (several send at once). */
  public KafkaProtocolBuilder schedule(String scenario, LoadProfile profile) {
    scenarioSchedules.put(Objects.requireNonNull(scenario), Objects.requireNonNull(profile));
    return this;
  }

  /**
   * The run sends bad input on purpose, so dead letters are expected outcomes. Without this, a
   * dead-lettered message is an error: the pipeline refused a message the run meant to be valid.
   */
  public KafkaProtocolBuilder expectDeadLetters() {
    this.expectDeadLetters = true;
    return this;
  }

  boolean deadLettersExpected() {
    return expectDeadLetters;
  }

  public KafkaProtocolBuilder producerProperty(String key, String value) {
    producerProperties.put(key, value);
    return this;
  }

  public KafkaProtocolBuilder consumerProperty(String key, String value) {
    consumerProperties.put(key, value);
    return this;
  }

  /**
   * Starts the producer, the outcome watcher (positioned at the end of every outcomes partition)
   * and the latency interval log. Call from {@code before()}, after the stack is up.
   */
  public KafkaRuntime start() {
    return protocol.start();
  }

  /** The running clients, ledger and metrics; fails before {@link #start()}. */
  public KafkaRuntime runtime() {
    return protocol.runtime();
  }

  @Override
  public KafkaProtocol protocol() {
    return protocol;
  }

  KafkaSettings settings() {
    if (bootstrapServers == null) {
      throw new IllegalStateException(
          "kafka().bootstrapServers(...) is not set; give the stack's bootstrap servers");
    }
    String servers = bootstrapServers.get();
    if (servers == null || servers.isBlank()) {
      throw new IllegalStateException(
          "Kafka bootstrap servers are blank; set -Dkafka.bootstrap or start the embedded stack");
    }
    Map<String, String> producer = new LinkedHashMap<>(producerProperties);
    producer.putAll(SystemProperties.withPrefix("kafka.producer."));
    Map<String, String> consumer = new LinkedHashMap<>(consumerProperties);
    consumer.putAll(SystemProperties.withPrefix("kafka.consumer."));
    IntendedTimes intendedTimes = IntendedTimes.of(schedule, scenarioSchedules);
    return new KafkaSettings(
        servers,
        outcomesTopic.get(),
        e2eTimeout,
        intendedTimes,
        producer,
        consumer,
        database.get());
  }
}
