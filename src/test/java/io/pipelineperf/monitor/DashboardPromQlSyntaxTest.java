package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus itself parses every PromQL expression of the dashboard: they are written as recording
 * rules (Grafana variables replaced by sample values) and checked with {@code promtool check
 * rules}.
 */
class DashboardPromQlSyntaxTest {

  @Test
  void promtoolParsesEveryExpression(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("promtool"), "promtool not installed (apt-get install prometheus)");
    List<String> exprs = GrafanaDashboard.read().expressions();
    ObjectMapper json = new ObjectMapper();
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      String expr =
          exprs
              .get(i)
              .replaceAll("\\$__(rate_)?interval|\\$\\{__(rate_)?interval}", "1m")
              .replaceAll("\\$\\{\\w+}|\\$\\w+", ".*");
      // a JSON string is a valid YAML double-quoted scalar
      rules
          .append("      - record: dashboard:expr_")
          .append(i)
          .append("\n        expr: ")
          .append(json.writeValueAsString(expr))
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
    Process p =
        new ProcessBuilder("promtool", "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("SUCCESS: " + exprs.size() + " rules found");
    } finally {
      p.destroyForcibly();
    }
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
