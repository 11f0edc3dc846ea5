package io.pipelineperf.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
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
 * timeseries.jsonl: one JSON object per sample, {@code {"t":..,"phase":..,"<key>":<number>,...}}.
 */
public final class TimeSeriesFile implements AutoCloseable {

  public static final String FILE_NAME = "timeseries.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter writer;

  private TimeSeriesFile(BufferedWriter writer) {
    this.writer = writer;
  }

  /** Creates (or truncates) {@code <runDir>/timeseries.jsonl}. */
  public static TimeSeriesFile create(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    return new TimeSeriesFile(
        Files.newBufferedWriter(runDir.resolve(FILE_NAME), StandardCharsets.UTF_8));
  }

  /** Appends one line and flushes, so a run that dies still leaves its samples. */
  public void append(Sample sample) throws IOException {
    writer.write(toJson(sample));
    writer.write('\n');
    writer.flush();
  }

  static String toJson(Sample sample) throws JsonProcessingException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("t", sample.t());
    line.put("phase", sample.phase());
    sample.values().forEach((k, v) -> line.put(k, compact(v)));
    return JSON.writeValueAsString(line);
  }

  // Whole numbers are written without a fraction: byte counts and offsets stay readable.
  private static Object compact(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (long) v;
    }
    return Math.round(v * 1000) / 1000.0;
  }

  /** Reads every sample of a timeseries.jsonl (a file or the run folder holding it). */
  public static List<Sample> read(Path fileOrRunDir) {
    Path file = Files.isDirectory(fileOrRunDir) ? fileOrRunDir.resolve(FILE_NAME) : fileOrRunDir;
    List<Sample> samples = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          samples.add(parse(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return samples;
  }

  static Sample parse(String line) throws JsonProcessingException {
    JsonNode node = JSON.readTree(line);
    Map<String, Double> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNumber() && !field.getKey().equals("t")) {
        values.put(field.getKey(), field.getValue().asDouble());
      }
    }
    return new Sample(node.path("t").asLong(), node.path("phase").asText(), values);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
