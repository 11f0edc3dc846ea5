package io.pipelineperf.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.app.Gatling$;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A simulation run as a user runs it, in this JVM (a real Gatling run with its own embedded stack):
 * the given system properties are set for the run only, and what it left is read back — Gatling's
 * exit status, summary.json and the run folder.
 */
record GatlingRun(int status, JsonNode summary, Path folder) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static GatlingRun of(Class<?> simulation, Path results, Map<String, String> properties)
      throws IOException {
    Map<String, String> props = new HashMap<>(properties);
    props.put("gatling.resultsFolder", results.toString());
    props.put("stack.runDir", results.resolve("stack-" + System.nanoTime()).toString());
    props.forEach(System::setProperty);
    try {
      int status =
          Gatling$.MODULE$.fromArgs(
              new String[] {
                "--simulation",
                simulation.getName(),
                "--results-folder",
                results.toString(),
                "--no-reports"
              });
      Path folder = newestRunFolder(results, simulation.getSimpleName().toLowerCase(Locale.ROOT));
      JsonNode summary = JSON.readTree(folder.resolve("summary.json").toFile());
      System.out.printf(
          "[gatling-run] %s %s: status %d, verdict %s, reasons %s%n",
          simulation.getSimpleName(),
          properties,
          status,
          summary.path("verdict").asText(),
          summary.path("invalidReasons"));
      return new GatlingRun(status, summary, folder);
    } finally {
      props.keySet().forEach(System::clearProperty);
    }
  }

  String verdict() {
    return summary.path("verdict").asText();
  }

  /** The summary's assertion with this description; fails the test when there is none. */
  JsonNode assertion(String description) {
    for (JsonNode a : summary.path("assertions")) {
      if (a.path("description").asText().equals(description)) {
        return a;
      }
    }
    throw new AssertionError("no assertion '" + description + "' in " + summary.path("assertions"));
  }

  private static Path newestRunFolder(Path results, String prefix) throws IOException {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix + "-"))
          .filter(d -> Files.exists(d.resolve("summary.json")))
          .max(Comparator.comparingLong(GatlingRun::modified))
          .orElseThrow(() -> new AssertionError("no " + prefix + " summary.json under " + results));
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("summary.json")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
