package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappedPrometheusSamplerTest {

  private static final String SCRAPE_1 =
      "# TYPE process_cpu_seconds_total counter\n"
          + "process_cpu_seconds_total 10.0\n"
          + "nodejs_heap_size_used_bytes 1000\n"
          + "pool_conns{state=\"active\",pool=\"a\"} 3\n"
          + "pool_conns{state=\"active\",pool=\"b\"} 4\n"
          + "pool_conns{state=\"idle\",pool=\"a\"} 9\n"
          + "queue_wait_ms{q=\"x\"} 5\n"
          + "queue_wait_ms{q=\"y\"} 8\n";
  private static final String SCRAPE_2 =
      SCRAPE_1.replace("process_cpu_seconds_total 10.0", "process_cpu_seconds_total 10.5");

  @Test
  void sumsMaxesScalesAndRatesMetricsIntoTheLabsSeries() {
    MetricMapping mapping =
        MetricMapping.parse(
            List.of(
                "# comment",
                "svc.cpu.pct = rate(process_cpu_seconds_total) * 100",
                "svc.heap.used.bytes = nodejs_heap_size_used_bytes",
                "pool.active = pool_conns{state=\"active\"}",
                "queue.wait.max.ms = max(queue_wait_ms)",
                "absent.series = not_exported_here"),
            "test");
    MappedPrometheusSampler sampler =
        new MappedPrometheusSampler("http://127.0.0.1:1/metrics", mapping, Duration.ofSeconds(1));
    Map<String, Double> first = new HashMap<>();
    sampler.evaluate(PrometheusScrape.parse(SCRAPE_1), 0, first);
    assertThat(first)
        .containsEntry("svc.heap.used.bytes", 1000.0)
        .containsEntry("pool.active", 7.0)
        .containsEntry("queue.wait.max.ms", 8.0)
        .doesNotContainKey("svc.cpu.pct") // a rate needs two scrapes
        .doesNotContainKey("absent.series");
    Map<String, Double> second = new HashMap<>();
    sampler.evaluate(PrometheusScrape.parse(SCRAPE_2), 1_000_000_000L, second);
    assertThat(second.get("svc.cpu.pct")).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void scrapesARealEndpointOverLoopback() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/prom",
        exchange -> {
          byte[] body = SCRAPE_1.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      MappedPrometheusSampler sampler =
          new MappedPrometheusSampler(
              "http://127.0.0.1:" + server.getAddress().getPort() + "/prom",
              MetricMapping.parse(
                  List.of("svc.heap.used.bytes = nodejs_heap_size_used_bytes"), "t"),
              Duration.ofSeconds(2));
      Map<String, Double> values = new HashMap<>();
      sampler.sample(values);
      assertThat(values).containsEntry("svc.heap.used.bytes", 1000.0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aLineThatIsNoRuleNamesTheFileTheLineAndTheForm() {
    assertThatThrownBy(
            () -> MetricMapping.parse(List.of("svc.cpu.pct = avg(process_cpu)"), "where.map"))
        .hasMessageContaining("where.map line 1 'svc.cpu.pct = avg(process_cpu)' is not a rule")
        .hasMessageContaining("[max|rate](metric");
    assertThatThrownBy(() -> MetricMapping.parse(List.of("# only comments"), "where.map"))
        .hasMessageContaining("has no rule");
  }

  @Test
  void theShippedMapsParse() {
    for (String name : new String[] {"micrometer.map", "node-prom-client.map"}) {
      MetricMapping m =
          MetricMapping.read(Path.of("simulations-data/monitoring/metric-maps").resolve(name));
      assertThat(m.rules()).isNotEmpty();
    }
    assertThat(
            MetricMapping.read(Path.of("simulations-data/monitoring/metric-maps/micrometer.map"))
                .rules())
        .extracting(MetricMapping.Rule::series)
        .contains("svc.cpu.pct", "svc.heap.used.bytes", "pool.pending");
  }
}
