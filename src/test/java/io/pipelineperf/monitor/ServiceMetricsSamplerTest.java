package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMetricsSamplerTest {

  @Test
  void scrapesAPrometheusEndpointOverHttp() throws Exception {
    HikariDataSource[] pool = new HikariDataSource[1];
    PrometheusMeterRegistry registry = PrometheusScrapeTest.serviceLikeRegistry(pool);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      ServiceMetricsSampler sampler = new ServiceMetricsSampler(url, Duration.ofSeconds(2));
      assertThat(sampler.source()).endsWith(":" + server.getAddress().getPort() + "/metrics");
      Map<String, Double> values = new HashMap<>();
      sampler.sample(values);
      assertThat(values).containsKeys("svc.heap.used.bytes", "pool.max", "svc.cpu.pct");
    } finally {
      server.stop(0);
      pool[0].close();
      registry.close();
    }
  }

  @Test
  void unreachableEndpointThrowsSoTheGuardCanWarn() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ServiceMetricsSampler sampler =
        new ServiceMetricsSampler("http://127.0.0.1:" + closedPort, Duration.ofMillis(500));
    assertThatThrownBy(() -> sampler.sample(new HashMap<>())).isInstanceOf(IOException.class);
  }
}
