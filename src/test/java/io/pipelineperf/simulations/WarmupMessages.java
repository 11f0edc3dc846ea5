package io.pipelineperf.simulations;

import io.pipelineperf.gatling.AdaptiveWarmup;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Messages for the adaptive warm-up, sent before Gatling's injection starts: the load's template
 * filled from the same feeder (no Gatling session exists yet), keyed by a customer, with the {@code
 * message-id} header the load's messages carry.
 */
final class WarmupMessages implements AdaptiveWarmup.MessageSource {

  private static final int CUSTOMERS = 1000;

  private final String topic;
  private final Iterator<Map<String, Object>> feeder = Messages.feeder();

  WarmupMessages(String topic) {
    this.topic = topic;
  }

  @Override
  public String nextId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public ProducerRecord<String, byte[]> record(String id) {
    Map<String, Object> fields = feeder.next();
    String customer =
        String.format("C-%06d", ThreadLocalRandom.current().nextInt(1, CUSTOMERS + 1));
    String json =
        Messages.TEMPLATE
            .replace("#{id}", id)
            .replace("#{customer}", customer)
            .replace("#{amount}", fields.get("amount").toString())
            .replace("#{currency}", fields.get("currency").toString())
            .replace("#{createdAt}", fields.get("createdAt").toString())
            .replace("#{note}", fields.get("note").toString());
    RecordHeaders headers = new RecordHeaders();
    headers.add("message-id", id.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic, null, customer, json.getBytes(StandardCharsets.UTF_8), headers);
  }
}
