package io.pipelineperf.monitor;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Scrapes the service's Prometheus endpoint ({@code <httpUrl>/metrics}, Micrometer names) for its
 * JVM (svc.*) and its HikariCP pool (pool.*).
 *
 * <p>Uses {@link HttpURLConnection} so the request runs on the sampler's own thread (no hidden
 * client threads), with keep-alive handled by the JDK.
 */
public final class ServiceMetricsSampler implements Sampler {

  private static final double MS_PER_SECOND = 1000.0;

  /** Every metric {@link #addJvm} and {@link #addPool} read; only their lines are parsed. */
  static final Set<String> METRICS =
      Set.of(
          "process_cpu_usage",
          "jvm_memory_used_bytes",
          "jvm_memory_committed_bytes",
          "jvm_memory_max_bytes",
          "jvm_memory_usage_after_gc",
          "jvm_gc_live_data_size_bytes",
          "jvm_gc_overhead",
          "jvm_gc_pause_seconds_count",
          "jvm_gc_pause_seconds_sum",
          "jvm_threads_live_threads",
          "process_files_open_files",
          "hikaricp_connections_active",
          "hikaricp_connections_idle",
          "hikaricp_connections_pending",
          "hikaricp_connections_max",
          "hikaricp_connections_acquire_seconds_count",
          "hikaricp_connections_acquire_seconds_sum",
          "hikaricp_connections_acquire_seconds_max",
          "hikaricp_connections_timeout_total");

  private final URI metricsUri;
  private final int timeoutMs;

  public ServiceMetricsSampler(String httpUrl, Duration timeout) {
    String base = httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl;
    this.metricsUri = URI.create(base + "/metrics");
    this.timeoutMs = (int) timeout.toMillis();
  }

  @Override
  public String name() {
    return "service metrics";
  }

  @Override
  public String source() {
    return metricsUri.toString();
  }

  @Override
  public void sample(Map<String, Double> into) throws IOException {
    PrometheusScrape scrape =
        PrometheusScrape.parse(PrometheusScrape.fetch(metricsUri, timeoutMs), METRICS);
    addJvm(scrape, into);
    addPool(scrape, into);
  }

  static void addJvm(PrometheusScrape s, Map<String, Double> into) {
    put(into, "svc.cpu.pct", scale(s.sum("process_cpu_usage"), 100));
    put(into, "svc.heap.used.bytes", s.sum("jvm_memory_used_bytes", "area", "heap"));
    put(into, "svc.heap.committed.bytes", s.sum("jvm_memory_committed_bytes", "area", "heap"));
    put(into, "svc.heap.max.bytes", s.sumPositive("jvm_memory_max_bytes", "area", "heap"));
    put(
        into,
        "svc.heap.afterGc.pct",
        scale(s.max("jvm_memory_usage_after_gc", "area", "heap"), 100));
    put(into, "svc.heap.liveData.bytes", s.sum("jvm_gc_live_data_size_bytes"));
    put(into, "svc.gc.overhead.pct", scale(s.sum("jvm_gc_overhead"), 100));
    put(into, "svc.gc.count", s.sum("jvm_gc_pause_seconds_count"));
    put(into, "svc.gc.pause.ms", scale(s.sum("jvm_gc_pause_seconds_sum"), MS_PER_SECOND));
    put(into, "svc.threads.live", s.sum("jvm_threads_live_threads"));
    put(into, "svc.fd.open", s.sum("process_files_open_files"));
  }

  static void addPool(PrometheusScrape s, Map<String, Double> into) {
    put(into, "pool.active", s.sum("hikaricp_connections_active"));
    put(into, "pool.idle", s.sum("hikaricp_connections_idle"));
    put(into, "pool.pending", s.sum("hikaricp_connections_pending"));
    put(into, "pool.max", s.sum("hikaricp_connections_max"));
    put(into, "pool.acquire.count", s.sum("hikaricp_connections_acquire_seconds_count"));
    put(
        into,
        "pool.acquire.sum.ms",
        scale(s.sum("hikaricp_connections_acquire_seconds_sum"), MS_PER_SECOND));
    put(
        into,
        "pool.acquire.max.ms",
        scale(s.max("hikaricp_connections_acquire_seconds_max"), MS_PER_SECOND));
    put(into, "pool.timeouts", s.sum("hikaricp_connections_timeout_total"));
  }

  private static OptionalDouble scale(OptionalDouble value, double factor) {
    return value.isPresent() ? OptionalDouble.of(value.getAsDouble() * factor) : value;
  }

  private static void put(Map<String, Double> into, String key, OptionalDouble value) {
    if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
      into.put(key, value.getAsDouble());
    }
  }
}
