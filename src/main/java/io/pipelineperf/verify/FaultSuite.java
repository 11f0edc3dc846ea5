package io.pipelineperf.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipelineperf.analysis.NumberProperties;
import io.pipelineperf.faults.FaultCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of {@code bench/run-fault-suite.sh}.
 *
 * <ul>
 *   <li>{@code ids}: prints every fault id of the catalogue, one a line.
 *   <li>{@code table <runs.tsv> <outBase>}: reads one line per fault run ({@code id, summary.json
 *       or -, Maven exit code}, tab-separated), writes {@code <outBase>.json} and {@code
 *       <outBase>.md} (fault, verdict, detection, recovery, lost, duplicated, …) and prints the
 *       markdown. Exits 0 when every fault passed or was skipped, 1 otherwise.
 * </ul>
 */
public final class FaultSuite {

  static final int USAGE = 64;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One fault of the suite, as its run's summary.json reported it. */
  public record Row(
      String fault,
      String verdict,
      Double detectSeconds,
      String detectedBy,
      Double recoverySeconds,
      Long lost,
      Long duplicated,
      Long deadLettered,
      Double outsideErrorRatePct,
      Long inFlightAtEnd,
      Double healSeconds,
      int exitCode,
      String summary,
      String why) {

    /** A run that produced no fault entry to read. */
    static Row error(String fault, int exitCode, String summary, String why) {
      return new Row(
          fault, "ERROR", null, null, null, null, null, null, null, null, null, exitCode, summary,
          why);
    }
  }

  private FaultSuite() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 1 && "ids".equals(args[0])) {
      FaultCatalogue.ids().forEach(System.out::println);
      return 0;
    }
    if (args.length == 3 && "table".equals(args[0])) {
      List<Row> rows = rows(Path.of(args[1]));
      String md = markdown(rows);
      write(Path.of(args[2] + ".md"), md);
      try {
        write(Path.of(args[2] + ".json"), JSON.writeValueAsString(Map.of("faults", rows)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.out.print(md);
      return rows.stream()
              .allMatch(r -> "PASS".equals(r.verdict()) || "SKIPPED".equals(r.verdict()))
          ? 0
          : 1;
    }
    System.err.println("usage: FaultSuite ids\n       FaultSuite table <runs.tsv> <outBase>");
    return USAGE;
  }

  /** The rows of a runs file: one per fault entry of each run's summary, or an ERROR row. */
  static List<Row> rows(Path runsTsv) {
    List<Row> rows = new ArrayList<>();
    for (String line : readLines(runsTsv)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 3) {
        throw new IllegalArgumentException(
            runsTsv + ": a line needs id, summary and exit code, tab-separated: " + line);
      }
      rows.addAll(rowsOf(f[0], f[1], Integer.parseInt(f[2].trim())));
    }
    return rows;
  }

  /**
   * The rows of one fault run: one per fault entry of its summary.json ({@code "-"}: the run wrote
   * none), or one ERROR row.
   */
  public static List<Row> rowsOf(String id, String summaryPath, int exitCode) {
    if ("-".equals(summaryPath) || !Files.isReadable(Path.of(summaryPath))) {
      return List.of(
          Row.error(
              id,
              exitCode,
              null,
              "the run wrote no summary.json (exit " + exitCode + "): see its log"));
    }
    JsonNode faults;
    try {
      faults = JSON.readTree(Path.of(summaryPath).toFile()).path("faults");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + summaryPath, e);
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode e : faults) {
      rows.add(row(e, exitCode, summaryPath));
    }
    if (rows.isEmpty()) {
      rows.add(Row.error(id, exitCode, summaryPath, "summary.json has no faults entry"));
    }
    return rows;
  }

  private static Row row(JsonNode e, int exitCode, String summaryPath) {
    JsonNode messages = e.path("messages");
    Long deadLettered = null;
    if (messages.has("deadLettered")) {
      long total = 0;
      for (Iterator<JsonNode> it = messages.path("deadLettered").elements(); it.hasNext(); ) {
        total += it.next().asLong();
      }
      deadLettered = total;
    }
    List<String> notes = texts(e.path("reasons"));
    long destroyed = messages.path("destroyedByFault").asLong();
    if (destroyed > 0) {
      notes.add(destroyed + " acknowledged messages destroyed by the fault itself, not lost");
    }
    String why =
        e.hasNonNull("skipReason") ? e.get("skipReason").asText() : String.join("; ", notes);
    return new Row(
        e.path("id").asText(),
        e.path("verdict").asText(),
        number(e.get("detectSeconds")),
        e.hasNonNull("detectedBy") ? e.get("detectedBy").asText() : null,
        number(e.get("recoverySeconds")),
        whole(messages.get("lost")),
        whole(messages.get("duplicated")),
        deadLettered,
        number(e.path("errors").get("outsideRatePct")),
        whole(e.path("inFlight").get("atEnd")),
        number(e.get("healSeconds")),
        exitCode,
        summaryPath,
        why);
  }

  static String markdown(List<Row> rows) {
    Map<String, Integer> verdicts = new LinkedHashMap<>();
    rows.forEach(r -> verdicts.merge(r.verdict(), 1, Integer::sum));
    StringBuilder md = new StringBuilder("# Fault suite\n\n");
    md.append(rows.size()).append(" faults: ");
    List<String> counts = new ArrayList<>();
    verdicts.forEach((v, n) -> counts.add(n + " " + v));
    md.append(String.join(", ", counts)).append(".\n\n");
    md.append(
        "| fault | verdict | detected (s) | by | recovery (s) | lost | duplicated | dead-lettered"
            + " | errors outside (%) | heal (s) | notes |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ")
          .append(r.fault())
          .append(" | ")
          .append(r.verdict())
          .append(" | ")
          .append(text(r.detectSeconds()))
          .append(" | ")
          .append(r.detectedBy() == null ? "–" : r.detectedBy())
          .append(" | ")
          .append(text(r.recoverySeconds()))
          .append(" | ")
          .append(text(r.lost()))
          .append(" | ")
          .append(text(r.duplicated()))
          .append(" | ")
          .append(text(r.deadLettered()))
          .append(" | ")
          .append(text(r.outsideErrorRatePct()))
          .append(" | ")
          .append(text(r.healSeconds()))
          .append(" | ")
          .append(r.why() == null ? "" : r.why().replace("|", "/"))
          .append(" |\n");
    }
    return md.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Double number(JsonNode n) {
    return n == null || n.isNull() || !n.isNumber() ? null : n.asDouble();
  }

  private static Long whole(JsonNode n) {
    return n == null || n.isNull() || !n.isNumber() ? null : n.asLong();
  }

  private static String text(Number n) {
    if (n == null) {
      return "–";
    }
    return n instanceof Long ? n.toString() : NumberProperties.format(n.doubleValue());
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
