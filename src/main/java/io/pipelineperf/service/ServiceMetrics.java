package io.pipelineperf.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The Prometheus registry with JVM/process meters and the service's own meters. */
public final class ServiceMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  // jvm_memory_usage_after_gc and jvm_gc_overhead: the early signs of a heap running out
  private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
  private final Counter processed;
  private final Counter duplicates;
  private final Counter retries;
  private final Timer batchDuration;
  private final Timer httpIngress;
  private final AtomicInteger pausedConsumers = new AtomicInteger();

  public ServiceMetrics(Set<Defect> defects) {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    heapPressure.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    processed =
        Counter.builder("pipeline.messages.processed")
            .description("messages written to the database")
            .register(registry);
    duplicates =
        Counter.builder("pipeline.messages.duplicates")
            .description("redelivered messages already in the database (idempotent skip)")
            .register(registry);
    retries =
        Counter.builder("pipeline.messages.retries")
            .description("batch retries after a transient database error")
            .register(registry);
    batchDuration =
        Timer.builder("pipeline.batch.duration")
            .description("one polled batch: decode, DB transaction, outcome/DLQ publish, commit")
            .register(registry);
    httpIngress =
        Timer.builder("pipeline.http.ingress")
            .description("POST /messages until Kafka acknowledged (or failed)")
            .register(registry);
    Gauge.builder("pipeline.consumer.paused", pausedConsumers, n -> n.get() > 0 ? 1 : 0)
        .description("1 while consumer partitions are paused (database unavailable)")
        .register(registry);
    for (Defect defect : defects) {
      Gauge.builder("pipeline.defect.active", () -> 1)
          .tag("defect", defect.configName())
          .description("1 for each planted defect")
          .register(registry);
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void processed(int count) {
    processed.increment(count);
  }

  public void duplicates(int count) {
    duplicates.increment(count);
  }

  public void retry() {
    retries.increment();
  }

  public void deadLettered(RejectCode code) {
    registry.counter("pipeline.messages.dead_lettered", "reason", code.code()).increment();
  }

  public void dbError(String sqlState, SqlErrorClass errorClass) {
    registry
        .counter(
            "pipeline.db.errors",
            "sqlstate",
            sqlState == null ? "none" : sqlState,
            "class",
            errorClass.name().toLowerCase())
        .increment();
  }

  public Timer batchDuration() {
    return batchDuration;
  }

  public Timer httpIngress() {
    return httpIngress;
  }

  public void consumerPaused(boolean paused) {
    if (paused) {
      pausedConsumers.incrementAndGet();
    } else {
      pausedConsumers.decrementAndGet();
    }
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    heapPressure.close();
    registry.close();
  }
}
