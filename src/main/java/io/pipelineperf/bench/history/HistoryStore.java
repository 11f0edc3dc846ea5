package io.pipelineperf.bench.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The history folder ({@code reports/history/}): one {@code record-<runId>.json} per run, so runs
 * append without rewriting a shared file. Read back oldest first.
 */
public final class HistoryStore {

  public static final String PREFIX = "record-";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  public HistoryStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path append(HistoryRecord record) {
    Path file = dir.resolve(PREFIX + record.runId() + ".json");
    try {
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        throw new IllegalStateException("history already has a record " + file);
      }
      Files.writeString(file, JSON.writeValueAsString(record) + System.lineSeparator());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Every record, oldest first (by recordedAt, then runId). */
  public List<HistoryRecord> all() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<HistoryRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(HistoryStore::isRecord).toList()) {
        records.add(JSON.readValue(f.toFile(), HistoryRecord.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the history in " + dir, e);
    }
    records.sort(
        Comparator.comparing((HistoryRecord r) -> r.recordedAt())
            .thenComparing((HistoryRecord r) -> r.runId()));
    return records;
  }

  /** The records with the same fingerprint key as {@code record}, without it, oldest first. */
  public List<HistoryRecord> like(HistoryRecord record) {
    return all().stream()
        .filter(r -> r.fingerprintKey().equals(record.fingerprintKey()))
        .filter(r -> !r.runId().equals(record.runId()))
        .toList();
  }

  private static boolean isRecord(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith(PREFIX) && name.endsWith(".json");
  }
}
