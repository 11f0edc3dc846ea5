package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

  @Test
  void scrapesTheServiceMetricsOnLoopbackEveryFewSeconds() throws Exception {
    PrometheusConfigFile config = PrometheusConfigFile.read();
    assertThat(config.scrapeInterval()).isIn("1s", "5s");
    assertThat(config.metricsPath()).isEqualTo("/metrics");
    assertThat(config.targets()).singleElement().asString().matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void readsMetricNamesFromNameRelabelRules() {
    PrometheusConfigFile config =
        PrometheusConfigFile.of(
            "    metric_relabel_configs:\n"
                + "      - source_labels: [__name__]\n"
                + "        action: keep\n"
                + "        regex: \"pipeline_messages_processed_total|jvm_.*|up\"\n");
    assertThat(config.metricNames()).containsExactly("pipeline_messages_processed_total", "up");
  }

  @Test
  void promtoolAcceptsTheFile() throws Exception {
    assumeTrue(
        DashboardPromQlSyntaxTest.onPath("promtool"),
        "promtool not installed (apt-get install prometheus)");
    Process p =
        new ProcessBuilder("promtool", "check", "config", PrometheusConfigFile.FILE.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
