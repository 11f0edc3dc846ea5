package io.pipelineperf.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;
import scala.Function1;

/** The Kafka protocol as Gatling sees it; owns the one {@link KafkaRuntime} of the run. */
public final class KafkaProtocol implements Protocol {

  static final ProtocolKey<KafkaProtocol, KafkaComponents> KEY = new Key();

  private final KafkaProtocolBuilder builder;
  private volatile KafkaRuntime runtime;

  KafkaProtocol(KafkaProtocolBuilder builder) {
    this.builder = builder;
  }

  synchronized KafkaRuntime start() {
    if (runtime == null) {
      runtime = KafkaRuntime.start(builder.settings());
      runtime.tracker().expectDeadLetters(builder.deadLettersExpected());
    }
    return runtime;
  }

  KafkaRuntime runtime() {
    KafkaRuntime started = runtime;
    if (started == null) {
      throw new IllegalStateException(
          "The Kafka protocol is not started: call kafka.start() in the simulation's before()");
    }
    return started;
  }

  private static final class Key implements ProtocolKey<KafkaProtocol, KafkaComponents> {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Protocol> protocolClass() {
      return (Class) KafkaProtocol.class;
    }

    @Override
    public KafkaProtocol defaultProtocolValue(GatlingConfiguration configuration) {
      throw new IllegalStateException(
          "Kafka actions need the Kafka protocol: add .protocols(kafka()...) to setUp");
    }

    @Override
    public Function1<KafkaProtocol, KafkaComponents> newComponents(CoreComponents core) {
      return protocol -> {
        KafkaRuntime runtime = protocol.start();
        runtime.attach(new GatlingResponseLog(core.statsEngine()));
        return new KafkaComponents(runtime);
      };
    }
  }
}
