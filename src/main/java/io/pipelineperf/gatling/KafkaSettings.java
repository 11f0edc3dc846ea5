package io.pipelineperf.gatling;

import java.time.Duration;
import java.util.Map;

/** The resolved configuration of the Kafka protocol ({@code database} null when not given). */
record KafkaSettings(
    String bootstrapServers,
    String outcomesTopic,
    Duration e2eTimeout,
    IntendedTimes intendedTimes,
    Map<String, String> producerProperties,
    Map<String, String> consumerProperties,
    DbLogin database) {}
