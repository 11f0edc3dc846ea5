package io.pipelineperf.bench;

import io.pipelineperf.bench.detector.DetectorBenchmark;
import io.pipelineperf.bench.history.GateNoise;
import io.pipelineperf.bench.history.HistoryStore;
import io.pipelineperf.bench.regress.RegressionGate;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Single jobs of the benchmark, one command each (the stepping itself is {@link BenchmarkRunner}).
 *
 * <ul>
 *   <li>{@code verdict <ack|e2e> <summary.json>}: prints the step's figures; exit 0 when it holds,
 *       2 when the ceiling is reached (limits from {@link BenchLimits#fromSystemProperties()}).
 *   <li>{@code report <benchDir> <outBase>}: reads {@code run.properties}, {@code
 *       producer-perf.log} and {@code steps.tsv} from the folder, writes {@code <outBase>.json} and
 *       {@code <outBase>.md} and prints the markdown.
 *   <li>{@code scrape <serviceHttpUrl> <file>}: saves the service's Prometheus metrics (for {@link
 *       ServiceBatches}); never fails the benchmark.
 *   <li>{@code workload <file.json>}: prints the script's settings from a {@link Workload} file as
 *       bash assignments (variables already set in the environment are left out).
 *   <li>{@code history <benchmark.json> <historyDir> <workload>}: {@link BenchmarkHistory}; exit
 *       {@value BenchmarkHistory#REGRESSION} when the regression gate fails.
 *   <li>{@code noise <historyDir>}: the gate's false alarms among real repeats ({@link
 *       io.pipelineperf.bench.history.GateNoise}): every clean run of a commit gated against the
 *       other runs of that commit.
 *   <li>{@code detector [rates…]}: the database completion detector alone, its lag and CPU per rate
 *       ({@link DetectorBenchmark}); exit 1 when it did not see every row.
 * </ul>
 */
public final class BenchmarkMain {

  static final int HOLDS = 0;
  static final int CEILING = 2;
  static final int USAGE = 64;

  private BenchmarkMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 3 && "verdict".equals(args[0])) {
      return verdict(StepKind.parse(args[1]), Path.of(args[2]));
    }
    if (args.length == 3 && "report".equals(args[0])) {
      return report(Path.of(args[1]), Path.of(args[2]));
    }
    if (args.length == 3 && "scrape".equals(args[0])) {
      ServiceBatches.scrape(args[1], Path.of(args[2]));
      return 0;
    }
    if (args.length == 2 && "workload".equals(args[0])) {
      System.out.print(Workload.read(Path.of(args[1])).shellAssignments(System.getenv()));
      return 0;
    }
    if (args.length == 4 && "history".equals(args[0])) {
      return BenchmarkHistory.record(
          Path.of(args[1]),
          Path.of(args[2]),
          args[3],
          RegressionGate.Options.fromSystemProperties(),
          System.getProperty("bench.baseline"),
          System.out);
    }
    if (args.length == 2 && "noise".equals(args[0])) {
      List<GateNoise.Group> groups =
          GateNoise.measure(
              new HistoryStore(Path.of(args[1])).all(),
              RegressionGate.Options.fromSystemProperties());
      if (groups.isEmpty()) {
        System.out.println("[bench] no commit has 3 or more clean like runs in " + args[1]);
      }
      groups.forEach(g -> System.out.println("[bench] " + g.describe()));
      return 0;
    }
    if (args.length >= 1 && "detector".equals(args[0])) {
      return DetectorBenchmark.run(
          List.of(args).subList(1, args.length), System::getProperty, System.out);
    }
    System.err.println(
        "usage: BenchmarkMain verdict <ack|e2e> <summary.json>\n"
            + "       BenchmarkMain report <benchDir> <outBase>\n"
            + "       BenchmarkMain scrape <serviceHttpUrl> <file>\n"
            + "       BenchmarkMain workload <file.json>\n"
            + "       BenchmarkMain history <benchmark.json> <historyDir> <workload>\n"
            + "       BenchmarkMain noise <historyDir>\n"
            + "       BenchmarkMain detector [rate msg/s ...]");
    return USAGE;
  }

  static int verdict(StepKind kind, Path summary) {
    StepRecord step = new StepRecord(kind, 0, summary, 0, null, "", null);
    List<String> breaches = step.breaches(BenchLimits.fromSystemProperties());
    StepResult r = step.result();
    if (r != null) {
      System.out.println("[bench] " + describe(r));
    }
    System.out.println(
        breaches.isEmpty() ? "[bench] holds" : "[bench] ceiling: " + String.join("; ", breaches));
    return breaches.isEmpty() ? HOLDS : CEILING;
  }

  /** A step's figures in one line: achieved, latencies, lost, scheduling delay. */
  static String describe(StepResult r) {
    return r.kind().label()
        + " "
        + BenchmarkMarkdown.num(r.targetRate())
        + " msg/s: achieved "
        + BenchmarkMarkdown.num(r.achievedRate())
        + ", ack p99 "
        + BenchmarkMarkdown.num(r.ackP99Ms())
        + " ms"
        + (r.kind() == StepKind.E2E
            ? ", e2e p50/p95/p99 "
                + BenchmarkMarkdown.num(r.e2eP50Ms())
                + "/"
                + BenchmarkMarkdown.num(r.e2eP95Ms())
                + "/"
                + BenchmarkMarkdown.num(r.e2eP99Ms())
                + " ms, lost "
                + r.lost()
            : "")
        + ", scheduling delay p99 "
        + BenchmarkMarkdown.num(r.schedulingDelayP99Ms())
        + " ms";
  }

  static int report(Path benchDir, Path outBase) {
    BenchmarkReport report =
        new BenchmarkReport(
            settings(benchDir.resolve("run.properties")),
            producerPerf(benchDir.resolve("producer-perf.log")),
            steps(benchDir.resolve("steps.tsv")),
            BenchLimits.fromSystemProperties());
    List<Path> written = report.writeTo(outBase);
    System.out.print(report.toMarkdown());
    for (Path p : written) {
      System.out.println("Benchmark result: " + p);
    }
    return 0;
  }

  static Map<String, String> settings(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
    Map<String, String> sorted = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> sorted.put(k, p.getProperty(k)));
    return new LinkedHashMap<>(sorted);
  }

  static ProducerPerfResult producerPerf(Path log) {
    if (!Files.isRegularFile(log)) {
      return null;
    }
    return ProducerPerfResult.parse(lines(log)).orElse(null);
  }

  static List<StepRecord> steps(Path tsv) {
    List<StepRecord> steps = new ArrayList<>();
    if (Files.isRegularFile(tsv)) {
      for (String line : lines(tsv)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          steps.add(StepRecord.parse(line, tsv.toAbsolutePath().getParent()));
        }
      }
    }
    return steps;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
