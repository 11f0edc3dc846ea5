package io.pipelineperf.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped Grafana dashboard, read as JSON: its panels and their PromQL expressions. */
final class GrafanaDashboard {
  static final Path FILE = Path.of("simulations-data", "monitoring", "grafana-dashboard.json");

  // label_values(<series selector>, <label>): only the selector names metrics
  private static final Pattern LABEL_VALUES =
      Pattern.compile("\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*");

  private final JsonNode root;

  private GrafanaDashboard(JsonNode root) {
    this.root = root;
  }

  static GrafanaDashboard read() throws IOException {
    return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
  }

  JsonNode root() {
    return root;
  }

  /** Every panel that shows data (rows are containers and are skipped; their children are not). */
  List<JsonNode> dataPanels() {
    List<JsonNode> found = new ArrayList<>();
    collect(root.path("panels"), found);
    return found;
  }

  private static void collect(JsonNode panels, List<JsonNode> into) {
    for (JsonNode panel : panels) {
      if ("row".equals(panel.path("type").asText())) {
        collect(panel.path("panels"), into);
      } else {
        into.add(panel);
      }
    }
  }

  List<String> expressions() {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dataPanels()) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
      }
    }
    return exprs;
  }

  /** The queries of the template variables, e.g. {@code label_values(metric, label)}. */
  List<String> variableQueries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode variable : root.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      queries.add(query.isObject() ? query.path("query").asText() : query.asText());
    }
    return queries;
  }

  /** Metric names read by the panels' PromQL and by the template variables. */
  Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    expressions().forEach(e -> names.addAll(PromQlMetricNames.of(e)));
    for (String query : variableQueries()) {
      Matcher labelValues = LABEL_VALUES.matcher(query);
      names.addAll(PromQlMetricNames.of(labelValues.matches() ? labelValues.group(1) : query));
    }
    return names;
  }
}
