package io.pipelineperf.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP ingress: {@code POST /messages} validates and writes to the input topic, answering 202 only
 * once Kafka acknowledged; {@code GET /health}, {@code /ready}, {@code /metrics}.
 */
public final class IngressServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngressServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  /** How long an answer may wait for Kafka's ack before it becomes a 503. */
  private static final long ACK_TIMEOUT_MS = 10_000;

  private static final long ASYNC_TIMEOUT_MS = ACK_TIMEOUT_MS + 5_000;
  private static final long UNAVAILABLE_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final MessageDecoder decoder;
  private final Readiness readiness;
  private final ServiceMetrics metrics;
  private final QueuedThreadPool httpThreads;
  private final Javalin app;
  private final AtomicLong nextUnavailableWarnNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong unavailableSinceWarn = new AtomicLong();

  public IngressServer(
      String host,
      int port,
      Producer<byte[], byte[]> producer,
      String topic,
      MessageDecoder decoder,
      Readiness readiness,
      ServiceMetrics metrics) {
    this.producer = producer;
    this.topic = topic;
    this.decoder = decoder;
    this.readiness = readiness;
    this.metrics = metrics;
    // Jetty's own pool (Javalin's default size), also used to write the answers to POST /messages.
    this.httpThreads = new QueuedThreadPool(250, 8, 60_000);
    httpThreads.setName("ingress-http");
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              config.http.maxRequestSize = 2L * decoder.maxBytes() + 1024;
              config.jetty.threadPool = httpThreads;
              // Last resort only: POST /messages answers by itself within ACK_TIMEOUT_MS.
              config.http.asyncTimeout = ASYNC_TIMEOUT_MS;
              config.startup.showJavalinBanner = false;
              config.routes.post("/messages", this::postMessage);
              config.routes.get(
                  "/health", ctx -> ctx.contentType(JSON_TYPE).result("{\"status\":\"UP\"}"));
              config.routes.get("/ready", this::ready);
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(metrics.scrape()));
            });
  }

  public IngressServer start() {
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  private void postMessage(Context ctx) {
    Timer.Sample sample = Timer.start();
    if (ctx.contentLength() > decoder.maxBytes()) {
      tooLarge(ctx, ctx.contentLength());
      sample.stop(metrics.httpIngress());
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    Decoded decoded = decoder.decode(body);
    if (decoded instanceof Decoded.Rejected r) {
      if (r.code() == RejectCode.OVERSIZED) {
        tooLarge(ctx, body.length);
      } else {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", r.reason());
        error.put("field", r.field());
        json(ctx.status(400), error);
      }
      sample.stop(metrics.httpIngress());
      return;
    }
    Message message = ((Decoded.Valid) decoded).message();
    String id = message.id().toString();
    RecordHeaders headers = new RecordHeaders();
    headers.add("message-id", id.getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, null, message.customer().getBytes(StandardCharsets.UTF_8), body, headers);
    CompletableFuture<Void> acked;
    try {
      acked = send(record); // blocks this Jetty thread at most max.block.ms (metadata, full buffer)
    } catch (RuntimeException e) {
      sendFailed(ctx, e);
      sample.stop(metrics.httpIngress());
      return;
    }
    // The answer is written on a Jetty thread, never on Kafka's I/O thread: Javalin resumes the
    // request (after-handlers, writing, completing the async context) on whichever thread
    // completes the future it is given. The ack wait is bounded below Javalin's async timeout, so
    // that timeout (a 500 on a response the late answer would then write into) never fires.
    ctx.future(
        () ->
            acked
                .orTimeout(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handleAsync(
                    (ignored, error) -> {
                      if (error == null) {
                        json(ctx.status(202), Map.of("id", id));
                      } else {
                        sendFailed(ctx, unwrap(error));
                      }
                      sample.stop(metrics.httpIngress());
                      return null;
                    },
                    httpThreads));
  }

  /**
   * Sends one record; the returned future completes when Kafka acknowledged it or gave up (within
   * delivery.timeout.ms). The callback runs on the producer's single I/O thread, so it only
   * completes the future: anything slower there would delay every other send and ack.
   */
  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            acked.complete(null);
          } else {
            acked.completeExceptionally(error);
          }
        });
    return acked;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private void sendFailed(Context ctx, Throwable error) {
    if (error instanceof RecordTooLargeException) {
      json(
          ctx.status(413),
          Map.of("error", "Kafka refused the record as too large: " + error.getMessage()));
      return;
    }
    String reason =
        error instanceof java.util.concurrent.TimeoutException
            ? "no acknowledgement within " + ACK_TIMEOUT_MS + " ms"
            : String.valueOf(error.getMessage());
    warnUnavailable(reason);
    ctx.header("Retry-After", "1");
    json(ctx.status(503), Map.of("error", "Kafka unavailable: " + reason));
  }

  /**
   * One WARN per interval, with the number of 503s since the last one: an outage at 1000 req/s must
   * not turn into 1000 log lines per second.
   */
  private void warnUnavailable(String reason) {
    long count = unavailableSinceWarn.incrementAndGet();
    long now = System.nanoTime();
    long next = nextUnavailableWarnNanos.get();
    if (now - next >= 0
        && nextUnavailableWarnNanos.compareAndSet(next, now + UNAVAILABLE_WARN_INTERVAL_NANOS)) {
      unavailableSinceWarn.addAndGet(-count);
      log.warn(
          "POST /messages: Kafka did not acknowledge the write (transient, {}); answered 503 to {} request(s)"
              + " since the last warning: check the broker at kafka.bootstrap",
          reason,
          count);
    }
  }

  private void tooLarge(Context ctx, long size) {
    json(
        ctx.status(413),
        Map.of(
            "error",
            "body is " + size + " bytes, more than message.maxBytes=" + decoder.maxBytes()));
  }

  private void ready(Context ctx) {
    Readiness.Status status = readiness.status();
    if (status.ready()) {
      json(ctx.status(200), Map.of("status", "READY"));
    } else {
      json(ctx.status(503), Map.of("status", "NOT_READY", "down", status.down()));
    }
  }

  private static void json(Context ctx, Object body) {
    try {
      ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(body));
    } catch (Exception e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
