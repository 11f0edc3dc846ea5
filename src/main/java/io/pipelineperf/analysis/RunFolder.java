package io.pipelineperf.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the folder Gatling writes a run into: {@code <results>/<simulation lowercase>-<timestamp>}.
 * Gatling creates it when the run starts, so it exists by the time the run is checked.
 */
public final class RunFolder {

  private RunFolder() {}

  /** The results folder: {@code -Dgatling.resultsFolder}, else {@code reports} (the pom's). */
  public static Path resultsFolder() {
    String configured = System.getProperty("gatling.resultsFolder");
    return Path.of(configured == null || configured.isBlank() ? "reports" : configured);
  }

  /** The newest run folder of the simulation class, if any. */
  public static Optional<Path> newest(Path results, String simulationClass) {
    String simple = simulationClass.substring(simulationClass.lastIndexOf('.') + 1);
    String prefix = simple.toLowerCase(Locale.ROOT) + "-";
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(results)) {
      return runs.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().substring(prefix.length()).matches("\\d+"))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + results, e);
    }
  }
}
