package io.pipelineperf.faults.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.kafka.PoisonMessagesFault.Kind;
import io.pipelineperf.service.Decoded;
import io.pipelineperf.service.MessageDecoder;
import io.pipelineperf.stack.Topics;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each kind of poison is rejected by the real service decoder with the code the fault expects. */
class PoisonMessagesFaultTest {
  @Test
  void eachKindGetsItsExpectedReasonCodeFromTheServiceDecoder() {
    PoisonMessagesFault fault =
        new PoisonMessagesFault(
            FaultContext.external(
                "127.0.0.1:1",
                "jdbc:postgresql://127.0.0.1:1/postgres",
                "postgres",
                "",
                Topics.defaults()));
    MessageDecoder decoder = new MessageDecoder(65536);
    for (Kind kind : Kind.values()) {
      Decoded decoded = decoder.decode(fault.value(kind, UUID.randomUUID()));
      assertThat(decoded).as(kind.name()).isInstanceOf(Decoded.Rejected.class);
      assertThat(((Decoded.Rejected) decoded).code().code())
          .as(kind.name())
          .isEqualTo(kind.reasonCode());
    }
  }
}
