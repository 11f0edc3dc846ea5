package io.pipelineperf.gatling;

import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one record of the watched topic into an {@link Outcome}: the reference service's outcome
 * events ({@link #OUTCOME_EVENTS}) or any output topic's records ({@link OutputTopicReader}).
 */
@FunctionalInterface
public interface OutcomeReader {

  /** The reference service's outcome events: a JSON object with {@code id} and {@code status}. */
  OutcomeReader OUTCOME_EVENTS =
      record -> record.value() == null ? null : OutcomeParser.parse(record.value());

  /**
   * The outcome the record stands for; null to skip it (e.g. a tombstone), an IOException when it
   * cannot be read (counted as unparseable).
   */
  Outcome read(ConsumerRecord<byte[], byte[]> record) throws IOException;
}
