package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

  /** A registry carrying what the service exposes: JVM, process and a HikariCP pool. */
  static PrometheusMeterRegistry serviceLikeRegistry(HikariDataSource[] poolOut) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmHeapPressureMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("pipeline");
    // no database behind it: the pool starts without connecting, its meters are real
    pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
    pool.setInitializationFailTimeout(-1);
    pool.setMinimumIdle(0);
    pool.setMaximumPoolSize(7);
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    poolOut[0] = new HikariDataSource(pool);
    // GC meters appear on the JVM's GC notification, shortly after a collection
    System.gc();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> registry.scrape().contains("jvm_gc_pause_seconds_count"));
    return registry;
  }

  @Test
  void readsJvmAndPoolMetricsFromRealMicrometerOutput() {
    HikariDataSource[] pool = new HikariDataSource[1];
    PrometheusMeterRegistry registry = serviceLikeRegistry(pool);
    try {
      PrometheusScrape scrape = PrometheusScrape.parse(registry.scrape());
      Map<String, Double> values = new HashMap<>();
      ServiceMetricsSampler.addJvm(scrape, values);
      ServiceMetricsSampler.addPool(scrape, values);
      // the sampler parses only the metrics it reads: the same values, from a fraction of lines
      PrometheusScrape filtered =
          PrometheusScrape.parse(
              registry.scrape().getBytes(StandardCharsets.UTF_8), ServiceMetricsSampler.METRICS);
      Map<String, Double> fromFiltered = new HashMap<>();
      ServiceMetricsSampler.addJvm(filtered, fromFiltered);
      ServiceMetricsSampler.addPool(filtered, fromFiltered);
      assertThat(fromFiltered.keySet()).isEqualTo(values.keySet());
      assertThat(filtered.series().size()).isLessThan(scrape.series().size());

      assertThat(values)
          .containsKeys(
              "svc.cpu.pct",
              "svc.heap.used.bytes",
              "svc.heap.committed.bytes",
              "svc.gc.count",
              "svc.gc.pause.ms",
              "svc.heap.afterGc.pct",
              "svc.heap.liveData.bytes",
              "svc.gc.overhead.pct",
              "svc.threads.live",
              "svc.fd.open",
              "pool.active",
              "pool.idle",
              "pool.pending",
              "pool.max");
      assertThat(values.get("svc.heap.used.bytes")).isPositive();
      assertThat(values.get("svc.heap.committed.bytes"))
          .isGreaterThanOrEqualTo(values.get("svc.heap.used.bytes"));
      assertThat(values.get("svc.threads.live")).isPositive();
      assertThat(values.get("svc.cpu.pct")).isBetween(0.0, 100.0);
      assertThat(values.get("pool.max")).isEqualTo(7.0);
      assertThat(values.get("pool.pending")).isZero();
      assertThat(values.get("svc.gc.count")).isGreaterThanOrEqualTo(1.0);
    } finally {
      pool[0].close();
      registry.close();
    }
  }

  @Test
  void parsesLabelsEscapesAndSpecialValues() {
    String text =
        "# HELP x a metric\n"
            + "# TYPE x gauge\n"
            + "x{a=\"1\",b=\"q\\\"uo,te}\"} 2.5\n"
            + "x{a=\"2\"} 3 1700000000000\n"
            + "y NaN\n"
            + "z +Inf\n"
            + "broken{a=\"1\" 5\n"
            + "w -1.5e3\n";
    PrometheusScrape s = PrometheusScrape.parse(text);
    assertThat(s.sum("x")).hasValue(5.5);
    assertThat(s.sum("x", "b", "q\"uo,te}")).hasValue(2.5);
    assertThat(s.max("x")).hasValue(3.0);
    assertThat(s.sum("y")).isEmpty();
    assertThat(s.sum("z")).hasValue(Double.POSITIVE_INFINITY);
    assertThat(s.sum("w")).hasValue(-1500.0);
    assertThat(s.sum("broken")).isEmpty();
    assertThat(s.sum("absent")).isEmpty();
  }

  @Test
  void aFilteredParseReadsOnlyTheNamedMetricsAndTheSameValues() {
    String text =
        "# TYPE x gauge\n"
            + "x{a=\"1\"} 2.5\n"
            + "xx 7\n"
            + "x_total 9\n"
            + "y{a=\"1\"} 4\n"
            + "x 1\n"
            + "\n"
            + "z{a=\"9\"} 3";
    PrometheusScrape all = PrometheusScrape.parse(text);
    PrometheusScrape some =
        PrometheusScrape.parse(text.getBytes(StandardCharsets.UTF_8), Set.of("x", "z"));
    assertThat(some.series()).extracting(PrometheusScrape.Series::name).containsOnly("x", "z");
    assertThat(some.sum("x")).isEqualTo(all.sum("x")).hasValue(3.5);
    assertThat(some.sum("z", "a", "9")).hasValue(3.0); // last line without a newline
    assertThat(some.sum("y")).isEmpty();
  }
}
