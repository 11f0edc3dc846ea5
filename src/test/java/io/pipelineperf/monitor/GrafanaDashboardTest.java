package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped dashboard is importable: it parses and every panel has a datasource and queries. */
class GrafanaDashboardTest {
  private static final String DATASOURCE = "${DS_PROMETHEUS}";

  @Test
  void declaresThePrometheusDatasourceInput() throws Exception {
    JsonNode root = GrafanaDashboard.read().root();
    assertThat(root.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(root.path("title").asText()).isNotBlank();
    assertThat(root.path("uid").asText()).isNotBlank();
    JsonNode input = root.path("__inputs").path(0);
    assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
    assertThat(input.path("type").asText()).isEqualTo("datasource");
    assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
  }

  @Test
  void everyPanelHasADatasourceAndAtLeastOneQuery() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.read();
    assertThat(dashboard.dataPanels()).hasSizeGreaterThanOrEqualTo(15);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.dataPanels()) {
      String title = panel.path("title").asText();
      assertThat(title).isNotBlank();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", title).isPositive();
      assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
      assertThat(panel.path("targets").size()).as("targets of %s", title).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as("expr in %s", title).isNotBlank();
        assertThat(refIds.add(target.path("refId").asText())).as("refId in %s", title).isTrue();
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
      }
    }
    for (JsonNode variable : dashboard.root().path("templating").path("list")) {
      assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
    }
  }

  @Test
  void readsTheServiceMetricsTheBriefAsksFor() throws Exception {
    assertThat(GrafanaDashboard.read().metricNames())
        .contains(
            "pipeline_messages_processed_total",
            "pipeline_messages_dead_lettered_total",
            "pipeline_db_errors_total",
            "pipeline_batch_duration_seconds_count",
            "pipeline_http_ingress_seconds_count",
            "pipeline_consumer_paused",
            "pipeline_defect_active",
            "process_cpu_time_ns_total",
            "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes",
            "jvm_gc_pause_seconds_sum",
            "jvm_threads_live_threads",
            "process_files_open_files",
            "hikaricp_connections_active",
            "hikaricp_connections_idle",
            "hikaricp_connections_pending",
            "hikaricp_connections_max",
            "hikaricp_connections_acquire_seconds_sum",
            "kafka_consumer_fetch_manager_records_lag_max");
  }
}
