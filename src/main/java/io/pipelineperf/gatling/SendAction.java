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
import org.apache.kafka.common.header.internals.RecordHeaders;
import scala.Option;

/**
 * Sends one record. The session's values are resolved on the event loop; the send itself runs on
 * the runtime's sender thread, and the acknowledgement callback hands the session on.
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
    Session carrying = id == null ? session : withTracking(session, id, slot);
    try {
      runtime.sender().execute(() -> send(carrying, record, id, slot));
    } catch (RejectedExecutionException e) {
      next.$bang(carrying.markAsFailed()); // the run is closing
    }
  }

  static Session withTracking(Session session, String id, Slot slot) {
    return new io.gatling.javaapi.core.Session(session)
        .set(SessionKeys.MESSAGE_ID, id)
        .set(SessionKeys.SLOT, slot)
        .asScala();
  }

  private void send(Session session, ProducerRecord<String, byte[]> record, String id, Slot slot) {
    String requestName = slot.phase().requestName(spec.name());
    long start = EpochNanos.now();
    OutcomeTracker tracker = runtime.tracker();
    if (id != null) {
      tracker.register(
          new Pending(
              id,
              spec.name(),
              slot,
              start,
              session.scenario(),
              GatlingResponseLog.javaGroups(session.groups())));
    } else {
      runtime.metrics().sent(slot, start);
    }
    try {
      runtime
          .producer()
          .send(
              record,
              (metadata, failure) -> {
                if (failure == null) {
                  acked(session, requestName, id, slot, start);
                } else {
                  failed(session, requestName, id, slot, start, failure);
                }
              });
    } catch (RuntimeException e) {
      failed(session, requestName, id, slot, start, e);
    }
  }

  private void acked(Session session, String requestName, String id, Slot slot, long start) {
    long end = EpochNanos.now();
    statsEngine.logResponse(
        session.scenario(),
        session.groups(),
        requestName,
        EpochNanos.toMillis(start),
        EpochNanos.toMillis(end),
        OK$.MODULE$,
        Option.empty(),
        Option.empty());
    if (id != null) {
      runtime.tracker().acked(id, slot, end - start);
    } else {
      runtime.metrics().acked(slot, end - start);
    }
    next.$bang(session);
  }

  private void failed(
      Session session, String requestName, String id, Slot slot, long start, Throwable failure) {
    statsEngine.logResponse(
        session.scenario(),
        session.groups(),
        requestName,
        EpochNanos.toMillis(start),
        EpochNanos.toMillis(EpochNanos.now()),
        KO$.MODULE$,
        Option.empty(),
        Option.apply(ErrorTexts.normalise(failure)));
    if (id != null) {
      runtime.tracker().sendFailed(id, slot);
    } else {
      runtime.metrics().sendFailed(slot);
    }
    next.$bang(session.markAsFailed());
  }
}
