package io.pipelineperf.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code send("name").topic(..).key(..).value(..).header(k, v).messageId(..)}: one Kafka record per
 * execution, recorded as request {@code name} (produce to acknowledge). With a message id the
 * record also carries header {@code message-id} and its outcome is tracked as {@code name e2e}.
 * Every value is a Gatling EL string or a function of the session.
 */
public final class SendActionBuilder implements ActionBuilder {

  private final String name;
  private Function<Session, String> topic;
  private Function<Session, String> key = session -> null;
  private Function<Session, byte[]> value;
  private Function<Session, String> messageId;
  private final List<Map.Entry<String, Function<Session, String>>> headers = new ArrayList<>();

  SendActionBuilder(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("send(name) needs a request name");
    }
    this.name = name;
  }

  public SendActionBuilder topic(String topic) {
    this.topic = Expressions.el(topic);
    return this;
  }

  public SendActionBuilder topic(Function<Session, String> topic) {
    this.topic = topic;
    return this;
  }

  public SendActionBuilder key(String key) {
    this.key = Expressions.el(key);
    return this;
  }

  public SendActionBuilder key(Function<Session, String> key) {
    this.key = key;
    return this;
  }

  /** The record value as UTF-8 text (encoded once when it holds no EL). */
  public SendActionBuilder value(String value) {
    if (Expressions.isConstant(value)) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      this.value = session -> bytes;
      return this;
    }
    Function<Session, String> text = Expressions.el(value);
    this.value = session -> text.apply(session).getBytes(StandardCharsets.UTF_8);
    return this;
  }

  public SendActionBuilder value(Function<Session, String> value) {
    this.value = session -> value.apply(session).getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /**
   * The record value as raw bytes (e.g. deliberately invalid UTF-8, or a payload rendered straight
   * to bytes). The array is handed to the producer as is: do not change it afterwards.
   */
  public SendActionBuilder valueBytes(Function<Session, byte[]> value) {
    this.value = value;
    return this;
  }

  public SendActionBuilder header(String header, String value) {
    headers.add(Map.entry(header, Expressions.el(value)));
    return this;
  }

  public SendActionBuilder header(String header, Function<Session, String> value) {
    headers.add(Map.entry(header, value));
    return this;
  }

  /** The message's id: sent as header {@code message-id} and tracked end to end. */
  public SendActionBuilder messageId(String id) {
    this.messageId = Expressions.el(id);
    return this;
  }

  public SendActionBuilder messageId(Function<Session, String> id) {
    this.messageId = id;
    return this;
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    if (topic == null || value == null) {
      throw new IllegalStateException("send(\"" + name + "\") needs .topic(..) and .value(..)");
    }
    SendAction.Spec spec =
        new SendAction.Spec(name, topic, key, value, messageId, List.copyOf(headers));
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        KafkaRuntime runtime =
            ctx.protocolComponentsRegistry().components(KafkaProtocol.KEY).scheduledRuntime();
        return new SendAction(spec, runtime, ctx.coreComponents().statsEngine(), next);
      }
    };
  }
}
