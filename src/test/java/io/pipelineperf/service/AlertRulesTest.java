package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * simulations-data/monitoring/alert-rules.yml without promtool (not installed): the structure of a
 * Prometheus rules file, and every metric its expressions use exported by the service (its own
 * meters from a real {@link ServiceMetrics} scrape; the HikariCP and Kafka client meters, which
 * need a live pool and clients, as the Grafana dashboard uses them).
 */
class AlertRulesTest {

  private static final Path RULES = Path.of("simulations-data/monitoring/alert-rules.yml");
  private static final Path DASHBOARD =
      Path.of("simulations-data/monitoring/grafana-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("\\b(pipeline|hikaricp|kafka)_[a-z_]+");

  @Test
  void isAPrometheusRulesFileWithAnAlertForEverySlo() throws Exception {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    List<String> slos = new ArrayList<>();
    for (JsonNode group : root.path("groups")) {
      assertThat(group.path("name").asText()).isNotBlank();
      for (JsonNode rule : group.path("rules")) {
        assertThat(rule.path("alert").asText()).matches("[A-Z][A-Za-z0-9]+");
        assertThat(rule.path("expr").asText()).isNotBlank();
        assertThat(rule.path("labels").path("severity").asText())
            .isIn("info", "warning", "critical");
        assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
        if (rule.has("for")) {
          assertThat(rule.path("for").asText()).matches("[0-9]+[smh]");
        }
        slos.add(rule.path("labels").path("slo").asText());
      }
    }
    assertThat(slos).contains("e2e-p95", "error-rate", "consumer-lag", "pool-pending");
  }

  @Test
  void everyMetricInTheRulesIsOneTheServiceExports() throws Exception {
    Set<String> used = new LinkedHashSet<>();
    Matcher m = METRIC.matcher(Files.readString(RULES));
    while (m.find()) {
      used.add(m.group());
    }
    String scrape;
    try (ServiceMetrics metrics = new ServiceMetrics(Set.of(Defect.SLOW_WRITE))) {
      metrics.processed(1);
      metrics.deadLettered(RejectCode.BUSINESS_RULE);
      metrics.dbError("08006", SqlErrorClass.TRANSIENT);
      scrape = metrics.scrape();
    }
    String dashboard = Files.readString(DASHBOARD);
    assertThat(used).isNotEmpty();
    for (String metric : used) {
      if (metric.startsWith("pipeline_")) {
        assertThat(scrape).as("the service's scrape has %s", metric).contains(metric);
      } else {
        assertThat(dashboard).as("the dashboard uses %s", metric).contains(metric);
      }
    }
  }
}
