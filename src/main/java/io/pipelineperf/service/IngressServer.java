package io.pipelineperf.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final MessageDecoder decoder;
  private final Readiness readiness;
  private final ServiceMetrics metrics;
  private final Javalin app;

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
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              config.http.maxRequestSize = 2L * decoder.maxBytes() + 1024;
              config.http.asyncTimeout = 15_000; // never hold a request forever
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
    CompletableFuture<Void> acked = new CompletableFuture<>();
    ctx.future(
        () -> {
          try {
            // Bounded: send blocks at most max.block.ms (metadata, full buffer).
            producer.send(
                record,
                (metadata, error) -> {
                  if (error == null) {
                    json(ctx.status(202), Map.of("id", id));
                  } else {
                    sendFailed(ctx, error);
                  }
                  sample.stop(metrics.httpIngress());
                  acked.complete(null);
                });
          } catch (RuntimeException e) {
            sendFailed(ctx, e);
            sample.stop(metrics.httpIngress());
            acked.complete(null);
          }
          return acked;
        });
  }

  private void sendFailed(Context ctx, Throwable error) {
    if (error instanceof RecordTooLargeException) {
      json(
          ctx.status(413),
          Map.of("error", "Kafka refused the record as too large: " + error.getMessage()));
      return;
    }
    log.warn(
        "POST /messages: Kafka did not acknowledge the write ({}); answering 503: check the broker"
            + " at kafka.bootstrap",
        error.toString());
    ctx.header("Retry-After", "1");
    json(ctx.status(503), Map.of("error", "Kafka unavailable: " + error.getMessage()));
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
