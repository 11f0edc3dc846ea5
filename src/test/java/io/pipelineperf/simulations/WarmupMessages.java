package io.pipelineperf.simulations;

import io.pipelineperf.gatling.AdaptiveWarmup;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Messages for the adaptive warm-up, sent before Gatling's injection starts: the load's own
 * messages ({@link Messages}), keyed by their customer, with the {@code message-id} header the
 * load's messages carry.
 */
final class WarmupMessages implements AdaptiveWarmup.MessageSource {

  private final String topic;

  WarmupMessages(String topic) {
    this.topic = topic;
  }

  @Override
  public AdaptiveWarmup.Outgoing next() {
    Messages.Message m = Messages.instance().create();
    RecordHeaders headers = new RecordHeaders();
    headers.add("message-id", m.id().getBytes(StandardCharsets.UTF_8));
    return new AdaptiveWarmup.Outgoing(
        m.id(), new ProducerRecord<>(topic, null, m.customer(), m.json(), headers));
  }
}
