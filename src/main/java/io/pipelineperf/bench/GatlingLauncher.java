package io.pipelineperf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs one simulation in a child JVM the way {@code gatling-maven-plugin} 4.21 forks it ({@code
 * io.gatling.app.Gatling -s <class> -rf <folder> [-nr]} with the plugin's default JVM options and
 * the -D flags as system properties), without paying Maven's start-up for every step. The
 * simulation writes its run folder under the results folder and prints {@code Run summary: <path>}
 * as it does under Maven.
 */
final class GatlingLauncher {

  /** gatling-maven-plugin 4.21's default JVM options ({@code GatlingConstants}). */
  static final List<String> PLUGIN_JVM_OPTIONS =
      List.of(
          "-XX:+HeapDumpOnOutOfMemoryError",
          "-XX:MaxInlineLevel=20",
          "-XX:MaxTrivialSize=12",
          "-Xmx1G",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");

  static final String MAIN = "io.gatling.app.Gatling";
  static final String SUMMARY_LINE = "Run summary:";

  /** How a run ended and the summary.json it printed (null: none). */
  record Run(ChildProcesses.Exit exit, Path summary, Path log) {}

  private final Path root;
  private final String classpath;
  private final Path results;
  private final ChildProcesses children;

  /**
   * @param root the project folder: the child's working directory
   * @param classpath the test classpath (test-classes, classes, dependencies)
   * @param results the Gatling results folder the run folders go to
   */
  GatlingLauncher(Path root, String classpath, Path results, ChildProcesses children) {
    this.root = root;
    this.classpath = classpath;
    this.results = results.toAbsolutePath();
    this.children = children;
  }

  /** The child's command line. */
  List<String> command(
      String simulation, List<String> systemProperties, List<String> jvmOptions, boolean reports) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(PLUGIN_JVM_OPTIONS);
    cmd.addAll(jvmOptions);
    cmd.addAll(systemProperties);
    cmd.add("-Dgatling.resultsFolder=" + results);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(MAIN);
    cmd.add("-s");
    cmd.add(simulation);
    cmd.add("-rf");
    cmd.add(results.toString());
    if (!reports) {
      cmd.add("-nr");
    }
    return cmd;
  }

  Run run(
      String simulation,
      List<String> systemProperties,
      List<String> jvmOptions,
      boolean reports,
      Path log,
      Duration timeout,
      Duration grace,
      LongConsumer onStart)
      throws InterruptedException {
    List<String> cmd = command(simulation, systemProperties, jvmOptions, reports);
    ChildProcesses.Exit exit = children.run(cmd, root, log, timeout, grace, onStart);
    return new Run(exit, summaryFrom(log), log);
  }

  /**
   * The path after the last "Run summary:" line of the log, if the file is there (read as Latin-1:
   * a log line that is not UTF-8 must not hide it).
   */
  static Path summaryFrom(Path log) {
    if (!Files.isRegularFile(log)) {
      return null;
    }
    Path found = null;
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith(SUMMARY_LINE)) {
          found = Path.of(line.substring(SUMMARY_LINE.length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return found != null && Files.isRegularFile(found) ? found : null;
  }
}
