package io.pipelineperf.gatling;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import scala.Option;

/**
 * Sends one record. The session's values are resolved and the message registered on the event loop
 * (a second message with an id still in flight is refused there); the send itself runs on the
 * runtime's sender thread. A tracked message (one with an id) hands the session on at once, on the
 * event loop: its user goes on to await the outcome, which also learns of a failed send, so the
 * acknowledgement needs no hop back to the event loop. An untracked one (ack-only) is handed on by
 * the acknowledgement callback. Request {@code name} spans from the message's due time to its
 * acknowledgement.
 */
final class SendAction extends JavaAction {

  record Spec(
      String name,
      Function<io.gatling.javaapi.core.Session, String> topic,
      Function<io.gatling.javaapi.core.Session, String> key,
      Function<io.gatling.javaapi.core.Session, byte[]> value,
      Function<io.gatling.javaapi.core.Session, String> messageId,
      List<Map.Entry<String, Function<io.gatling.javaapi.core.Session, String>>> headers) {}

  static final String MESSAGE_ID_HEADER = "message-id";

  private final Spec spec;
  private final KafkaRuntime runtime;
  private final StatsEngine statsEngine;
  private final Action next;
  private final SenderStall stall = SenderStall.fromSystemProperties();

  SendAction(Spec spec, KafkaRuntime runtime, StatsEngine statsEngine, Action next) {
    this.spec = spec;
    this.runtime = runtime;
    this.statsEngine = statsEngine;
    this.next = next;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public void execute(Session session) {
    ProducerRecord<String, byte[]> record;
    String id;
    try {
      io.gatling.javaapi.core.Session js = new io.gatling.javaapi.core.Session(session);
      id = spec.messageId() == null ? null : spec.messageId().apply(js);
      RecordHeaders headers = new RecordHeaders();
      for (Map.Entry<String, Function<io.gatling.javaapi.core.Session, String>> h :
          spec.headers()) {
        headers.add(h.getKey(), h.getValue().apply(js).getBytes(StandardCharsets.UTF_8));
      }
      if (id != null && headers.lastHeader(MESSAGE_ID_HEADER) == null) {
        headers.add(MESSAGE_ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
      }
      record =
          new ProducerRecord<>(
              spec.topic().apply(js), null, spec.key().apply(js), spec.value().apply(js), headers);
    } catch (RuntimeException e) {
      statsEngine.logRequestCrash(
          session.scenario(), session.groups(), spec.name(), "cannot build the record: " + e);
      next.$bang(session.markAsFailed());
      return;
    }
    Slot slot = runtime.intendedTimes().slot(session);
    Session carrying = session;
    if (id != null) {
      Pending message =
          new Pending(
              id,
              spec.name(),
              slot,
              session.scenario(),
              GatlingResponseLog.javaGroups(session.groups()));
      if (!runtime.tracker().register(message)) {
        refuseDuplicate(session, slot, id);
        return;
      }
      carrying = withTracking(session, id, slot);
    }
    Session tracked = carrying;
    try {
      runtime.sender().execute(() -> send(tracked, record, id, slot));
    } catch (RejectedExecutionException e) {
      if (id != null) {
        runtime.tracker().sendFailed(id, slot);
      }
      next.$bang(tracked.markAsFailed()); // the run is closing
      return;
    }
    if (id != null) {
      next.$bang(tracked);
    }
  }

  private void refuseDuplicate(Session session, Slot slot, String id) {
    long now = EpochNanos.toMillis(EpochNanos.now());
    statsEngine.logResponse(
        session.scenario(),
        session.groups(),
        slot.phase().requestName(spec.name()),
        now,
        now,
        KO$.MODULE$,
        Option.empty(),
        Option.apply("duplicate message id: a message with this id is still in flight"));
    logger().underlying().warn("Not sending message {}: its id is already in flight", id);
    next.$bang(session.markAsFailed());
  }

  static Session withTracking(Session session, String id, Slot slot) {
    return new io.gatling.javaapi.core.Session(session)
        .set(SessionKeys.MESSAGE_ID, id)
        .set(SessionKeys.SLOT, slot)
        .asScala();
  }

  private void send(Session session, ProducerRecord<String, byte[]> record, String id, Slot slot) {
    String requestName = slot.phase().requestName(spec.name());
    stall.beforeSend();
    runtime.metrics().sent(slot, EpochNanos.now());
    try {
      runtime
          .producer()
          .send(
              record,
              (metadata, failure) -> {
                if (failure == null) {
                  acked(session, requestName, id, slot, metadata);
                } else {
                  failed(session, requestName, id, slot, failure);
                }
              });
    } catch (RuntimeException e) {
      failed(session, requestName, id, slot, e);
    }
  }

  /** Ack latency counts from the due time, like e2e: a queue in front of the producer is in it. */
  private void acked(
      Session session, String requestName, String id, Slot slot, RecordMetadata metadata) {
    long end = EpochNanos.now();
    long due = slot.intendedEpochNanos();
    statsEngine.logResponse(
        session.scenario(),
        session.groups(),
        requestName,
        EpochNanos.toMillis(due),
        EpochNanos.toMillis(end),
        OK$.MODULE$,
        Option.empty(),
        Option.empty());
    if (id != null) {
      runtime
          .tracker()
          .acked(id, slot, end - due, metadata.topic(), metadata.partition(), metadata.offset());
    } else {
      runtime.metrics().acked(slot, end - due);
      next.$bang(session);
    }
  }

  private void failed(
      Session session, String requestName, String id, Slot slot, Throwable failure) {
    statsEngine.logResponse(
        session.scenario(),
        session.groups(),
        requestName,
        EpochNanos.toMillis(slot.intendedEpochNanos()),
        EpochNanos.toMillis(EpochNanos.now()),
        KO$.MODULE$,
        Option.empty(),
        Option.apply(ErrorTexts.normalise(failure)));
    if (id != null) {
      runtime.tracker().sendFailed(id, slot); // resumes the user awaiting the outcome, as failed
    } else {
      runtime.metrics().sendFailed(slot);
      next.$bang(session.markAsFailed());
    }
  }
}
