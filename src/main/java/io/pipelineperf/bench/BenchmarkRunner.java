package io.pipelineperf.bench;

import io.pipelineperf.bench.regress.RegressionGate;
import io.pipelineperf.verify.FaultSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark: {@code BenchmarkRunner [workload]} (a name in {@code
 * simulations-data/benchmarks/}, a path to a {@code .json}, or none for the defaults; {@code
 * WORKLOAD} in the environment works too). In one run, bounded in time at every wait:
 *
 * <ol>
 *   <li>one embedded stack, on which: Kafka's ProducerPerformance; the ack-only steps ({@code
 *       AckOnlySimulation}) up to the load generator's ceiling; an untimed pipeline warm-up; the
 *       e2e ceiling search ({@code LoadSimulation}, {@link CeilingSearch}: repeats and bisection);
 *       the latency curve at fractions of that ceiling;
 *   <li>the scaling matrix: each cell on a fresh stack with its settings, a coarse ceiling search
 *       and the bottleneck named ({@link Bottleneck});
 *   <li>the fault runs ({@code FaultSimulation}, each on its own stack);
 * </ol>
 *
 * then the result ({@code reports/history/benchmark-<ts>.json} and {@code .md}), the history
 * record, the regression gate and the trend and comparison pages ({@link BenchmarkHistory}; exit
 * code 3 on a regression). Each step is a Gatling child JVM ({@link GatlingLauncher}); the CPU and
 * memory of the service, broker, PostgreSQL and the injector are read from {@code /proc} around it
 * ({@link ComponentSampler}). Children are stopped on a timeout, on an error and on Ctrl-C; every
 * stack is stopped and wiped at the end.
 */
public final class BenchmarkRunner implements AutoCloseable {

  static final int USAGE = 64;
  static final String LOAD = "io.pipelineperf.simulations.LoadSimulation";
  static final String ACK_ONLY = "io.pipelineperf.simulations.AckOnlySimulation";
  static final String FAULT = "io.pipelineperf.simulations.FaultSimulation";
  static final Duration PP_TIMEOUT = Duration.ofSeconds(600);
  static final Duration SYNC_TIMEOUT = Duration.ofSeconds(120);
  static final Duration STEP_GRACE = Duration.ofSeconds(30);
  static final Duration FAULT_GRACE = Duration.ofSeconds(60);

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Path root;
  private final RunSettings settings;
  private final BenchLimits limits = BenchLimits.fromSystemProperties();
  private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final Path work;
  private final Path historyDir;
  private final String classpath = System.getProperty("java.class.path");
  private final ChildProcesses children = new ChildProcesses();
  private final GatlingLauncher gatling;
  private final Map<String, String> properties = new java.util.LinkedHashMap<>();
  private final List<StepRecord> steps = new ArrayList<>();
  private final List<BenchmarkReport.CellResult> cells = new ArrayList<>();
  private ProducerPerfResult producerPerf;
  private Reliability reliability;

  /** Set when the JVM begins to exit (Ctrl-C, SIGTERM): no further step, no result, no record. */
  private final AtomicBoolean stopping = new AtomicBoolean();

  private final Thread stopHook = new Thread(() -> stopping.set(true), "bench-stopping");

  /** The run was stopped from outside: nothing is written. */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped (Ctrl-C or SIGTERM)");
    }
  }

  BenchmarkRunner(Path root, RunSettings settings) {
    this(root, settings, root.resolve("reports"));
  }

  /**
   * A runner whose work folder ({@code bench-<ts>}: logs, run folders) goes under {@code reports}
   * instead of the project's {@code reports/}, e.g. a test's temporary folder.
   */
  BenchmarkRunner(Path root, RunSettings settings, Path reports) {
    this.root = root;
    this.settings = settings;
    this.work = reports.resolve("bench-" + STAMP.format(started));
    this.historyDir = historyDir(root);
    this.gatling = new GatlingLauncher(root, classpath, work.resolve("runs"), children);
    Runtime.getRuntime().addShutdownHook(stopHook);
  }

  /**
   * {@code -Dbench.historyDir=} (default {@code reports/history}): keep it somewhere that outlives
   * the checkout (a CI cache, a shared volume) so each run is compared with the ones before it.
   */
  static Path historyDir(Path root) {
    String dir = System.getProperty("bench.historyDir", "").trim();
    return dir.isEmpty() ? root.resolve("reports").resolve("history") : root.resolve(dir);
  }

  /** Refuses to go on once the JVM is exiting: a partial run must not reach the history. */
  private void checkNotStopping() {
    if (stopping.get()) {
      throw new Stopped();
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    if (args.length > 1) {
      System.err.println("usage: BenchmarkRunner [workload name or file.json]");
      return USAGE;
    }
    RunSettings settings;
    try {
      String name = args.length == 1 ? args[0] : System.getenv("WORKLOAD");
      Workload workload =
          name == null || name.isBlank() ? null : Workload.read(Workload.file(root, name));
      settings = RunSettings.of(workload, System.getenv());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("[bench] " + e.getMessage());
      return USAGE;
    }
    try (BenchmarkRunner runner = new BenchmarkRunner(root, settings)) {
      return runner.execute();
    } catch (InterruptedException | Stopped e) {
      Thread.currentThread().interrupt();
      System.err.println("[bench] stopped: no result and no history record written");
      return 130;
    } catch (RuntimeException e) {
      System.err.println("[bench] failed: " + e);
      e.printStackTrace();
      return 1;
    }
  }

  int execute() throws InterruptedException {
    createDirectories(work);
    log(
        "benchmark "
            + STAMP.format(started)
            + " ("
            + settings.workload()
            + "): work folder "
            + work
            + "; load average "
            + load3()
            + "; "
            + cores()
            + " cores");
    properties.putAll(settings.properties());
    properties.put("startedAt", started.toString());
    properties.put("cores", Integer.toString(cores()));
    properties.put("memTotalKb", memTotalKb());
    properties.put("loadAtStart", load3());
    properties.put("commit", commit());
    properties.put("workFolder", work.toString());
    if (settings.hasMainPhase()) {
      mainPhase();
    }
    for (int i = 0; i < settings.scaling().size(); i++) {
      cell(i, settings.scaling().get(i));
    }
    if (!settings.faults().isEmpty()) {
      faults();
    }
    checkNotStopping();
    properties.put("loadAtEnd", load3());
    properties.put("finishedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    writeProperties();
    BenchmarkReport report =
        new BenchmarkReport(
            properties,
            producerPerf,
            steps,
            limits,
            new BenchmarkReport.Extras(settings.curveFractions(), cells, reliability));
    List<Path> written = report.writeTo(historyDir.resolve("benchmark-" + STAMP.format(started)));
    System.out.print(report.toMarkdown());
    written.forEach(p -> System.out.println("Benchmark result: " + p));
    return BenchmarkHistory.record(
        written.get(0),
        historyDir,
        settings.workload(),
        RegressionGate.Options.fromSystemProperties(),
        System.getProperty("bench.baseline"),
        System.out);
  }

  // ------------------------------------------------------------------ phases

  private void mainPhase() throws InterruptedException {
    log("starting the embedded stack; logs under " + work.resolve("stack-run"));
    try (BenchStack stack =
        BenchStack.start(BenchStack.split(settings.stackFlags()), work.resolve("stack-run"))) {
      log("stack ready: " + String.join(" ", stack.targetFlags()));
      log("pids " + stack.pids());
      properties.put("target", String.join(" ", stack.targetFlags()));
      if (settings.producerPerfRecords() > 0 || !settings.ackRates().isEmpty()) {
        log("creating " + settings.benchTopic() + " (6 partitions, small retention; unread)");
        BenchTopic.create(stack.bootstrap(), settings.benchTopic());
      }
      if (settings.producerPerfRecords() > 0) {
        producerPerformance(stack);
      }
      if (!settings.ackRates().isEmpty()) {
        flushDisk();
        CeilingSearch.Result ack =
            CeilingSearch.search(
                settings.ackRates(),
                settings.ackSearch(),
                (rate, run) ->
                    holds(
                        step(
                            stack,
                            "",
                            StepKind.ACK,
                            StepPhase.SEARCH,
                            rate,
                            run,
                            ACK_ONLY,
                            List.of("-Dtopic.input=" + settings.benchTopic())),
                        steps));
        log("ack-only ceiling: " + rate(ack.ceiling()));
      }
      if (!settings.e2eRates().isEmpty()) {
        flushDisk();
        pipelineWarmup(stack, "", settings.e2eRates().get(0));
        CeilingSearch.Result e2e =
            CeilingSearch.search(
                settings.e2eRates(),
                settings.e2eSearch(),
                (rate, run) ->
                    holds(
                        step(stack, "", StepKind.E2E, StepPhase.SEARCH, rate, run, LOAD, List.of()),
                        steps));
        log(
            "e2e ceiling: "
                + rate(e2e.ceiling())
                + " ("
                + e2e.runs()
                + " runs; "
                + (e2e.firstFailed() == null
                    ? "every rate held"
                    : "first rate the majority failed: " + rate(e2e.firstFailed()))
                + ")");
        latencyCurve(stack, e2e.ceiling());
      }
    }
  }

  private void latencyCurve(BenchStack stack, Double ceiling) throws InterruptedException {
    if (settings.curveFractions().isEmpty()) {
      return;
    }
    Map<Double, Double> rates =
        LatencyCurve.rates(ceiling, settings.curveFractions(), CeilingSearch.GRANULARITY);
    if (rates.isEmpty()) {
      log("no latency curve: there is no e2e ceiling to take fractions of");
      return;
    }
    log("latency curve at " + rates + " (fraction of the ceiling = msg/s)");
    for (double rate : new java.util.TreeSet<>(rates.values())) {
      for (int run = 1; run <= settings.repeats(); run++) {
        steps.add(step(stack, "", StepKind.E2E, StepPhase.CURVE, rate, run, LOAD, List.of()));
      }
    }
  }

  private void cell(int index, ScalingCell cell) throws InterruptedException {
    checkNotStopping();
    List<String> flags = BenchStack.split(settings.stackFlags());
    flags.addAll(cell.stackFlags());
    String prefix = "cell" + (index + 1) + "-";
    Path runDir = work.resolve(prefix + "stack-run");
    log("scaling cell " + (index + 1) + "/" + settings.scaling().size() + ": " + cell.id());
    List<StepRecord> cellSteps = new ArrayList<>();
    Bottleneck.Verdict verdict;
    try (BenchStack stack = BenchStack.start(flags, runDir)) {
      log("pids " + stack.pids());
      List<Integer> rates = settings.cellRates();
      pipelineWarmup(stack, prefix, rates.get(0));
      CeilingSearch.Result r =
          CeilingSearch.search(
              rates,
              settings.cellSearch(),
              (rate, run) ->
                  holds(
                      step(
                          stack,
                          prefix,
                          StepKind.E2E,
                          StepPhase.SEARCH,
                          rate,
                          run,
                          LOAD,
                          List.of()),
                      cellSteps));
      StepRecord deciding = StepSignals.deciding(cellSteps, limits);
      verdict =
          deciding == null
              ? null
              : Bottleneck.of(StepSignals.of(deciding, limits, cores(), stack.serviceCores()));
      log(
          "cell "
              + cell.id()
              + ": ceiling "
              + rate(r.ceiling())
              + "; bottleneck "
              + (verdict == null ? "-" : verdict.component() + " (" + verdict.reason() + ")"));
    } catch (RuntimeException e) {
      checkNotStopping();
      log("cell " + cell.id() + " failed: " + e.getMessage());
      verdict = new Bottleneck.Verdict("error", String.valueOf(e.getMessage()), Map.of());
    }
    cells.add(new BenchmarkReport.CellResult(cell, cellSteps, verdict));
  }

  private void faults() throws InterruptedException {
    List<FaultSuite.Row> rows = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(600);
    for (String fault : settings.faults()) {
      checkNotStopping();
      log("fault " + fault + ": FaultSimulation on its own stack (load average " + load3() + ")");
      List<String> props = new ArrayList<>();
      props.add("-Dfault=" + fault);
      props.add("-Dstack.runDir=" + work.resolve("fault-" + fault + "-stack"));
      props.addAll(BenchStack.split(settings.faultFlags()));
      GatlingLauncher.Run run =
          gatling.run(
              FAULT,
              props,
              List.of(),
              settings.gatlingReports(),
              work.resolve("fault-" + fault + ".log"),
              timeout,
              FAULT_GRACE,
              pid -> {});
      List<FaultSuite.Row> got =
          FaultSuite.rowsOf(
              fault, run.summary() == null ? "-" : run.summary().toString(), run.exit().code());
      got.forEach(
          r ->
              log(
                  "fault "
                      + r.fault()
                      + ": "
                      + r.verdict()
                      + ", recovery "
                      + BenchmarkMarkdown.num(r.recoverySeconds())
                      + " s"));
      rows.addAll(got);
    }
    reliability = Reliability.of(rows);
  }

  // ------------------------------------------------------------------ steps

  /** One Gatling step against the stack; its figures and component usage. */
  private StepRecord step(
      BenchStack stack,
      String prefix,
      StepKind kind,
      StepPhase phase,
      double rate,
      int run,
      String simulation,
      List<String> more)
      throws InterruptedException {
    checkNotStopping();
    String name =
        prefix
            + kind.label()
            + "-"
            + BenchmarkMarkdown.num(rate)
            + (phase == StepPhase.CURVE ? "-curve" : "")
            + (run > 1 ? "-r" + run : "");
    Double load1 = load1();
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    log(
        "("
            + prefix
            + kind.label()
            + (phase == StepPhase.CURVE ? " curve" : "")
            + ") "
            + simulation.substring(simulation.lastIndexOf('.') + 1)
            + " at "
            + BenchmarkMarkdown.num(rate)
            + " msg/s"
            + (run > 1 ? ", run " + run : "")
            + ": "
            + settings.stepSeconds()
            + " s measured (load "
            + load3()
            + ")");
    Path before = work.resolve(name + ".metrics.before");
    Path after = work.resolve(name + ".metrics.after");
    if (stack.httpUrl() != null) {
      ServiceBatches.scrape(stack.httpUrl(), before);
    }
    List<String> props = new ArrayList<>(stack.targetFlags());
    props.addAll(BenchStack.split(settings.extraFlags()));
    props.addAll(more);
    props.add("-Drate=" + BenchmarkMarkdown.num(rate));
    props.add("-Dduration=" + settings.stepSeconds());
    props.add("-Dwarmup=" + settings.warmupSeconds());
    props.add("-Dramp=" + settings.rampSeconds());
    List<String> jvm =
        settings.profileJfr()
            ? List.of(
                "-XX:StartFlightRecording=filename="
                    + work.resolve(name + ".jfr")
                    + ",settings=profile")
            : List.of();
    GatlingLauncher.Run result;
    try {
      result =
          gatling.run(
              simulation,
              props,
              jvm,
              settings.gatlingReports(),
              work.resolve(name + ".log"),
              stepTimeout(settings.stepSeconds()),
              STEP_GRACE,
              stack.sampler()::injector);
    } finally {
      stack.sampler().injector(-1);
    }
    if (stack.httpUrl() != null) {
      ServiceBatches.scrape(stack.httpUrl(), after);
    }
    ComponentUsage usage = usage(stack, result.summary());
    StepRecord record =
        new StepRecord(
            kind,
            rate,
            result.summary(),
            result.exit().code(),
            load1,
            startedAt,
            ServiceBatches.between(before, after),
            phase,
            run,
            usage);
    StepResult r = record.result();
    if (r == null) {
      log("no summary.json (exit " + result.exit().code() + "); last lines of " + result.log());
      System.out.println(tail(result.log(), 15));
    } else {
      log(BenchmarkMain.describe(r) + cpuLine(usage));
    }
    List<String> breaches = record.breaches(limits);
    log(breaches.isEmpty() ? "holds" : "does not hold: " + String.join("; ", breaches));
    return record;
  }

  private boolean holds(StepRecord step, List<StepRecord> sink) {
    sink.add(step);
    return step.breaches(limits).isEmpty();
  }

  /** The component usage over the step's measured phase, or null. */
  private static ComponentUsage usage(BenchStack stack, Path summary) {
    if (summary == null) {
      return null;
    }
    return ComponentUsage.measuredWindow(summary.toAbsolutePath().getParent())
        .map(
            w -> {
              StepResult r = StepResult.fromSummary(StepKind.E2E, summary);
              return ComponentUsage.between(
                  stack.sampler().since(w[0] - 5000), w[0], w[1], r.achievedRate());
            })
        .orElse(null);
  }

  private static String cpuLine(ComponentUsage u) {
    if (u == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder("; CPU µs/msg");
    for (String c :
        List.of(
            ComponentUsage.SERVICE,
            ComponentUsage.BROKER,
            ComponentUsage.POSTGRES,
            ComponentUsage.INJECTOR)) {
      sb.append(' ').append(c).append(' ').append(BenchmarkMarkdown.num(u.cpuUsPerMessage(c)));
    }
    return sb.toString();
  }

  /** One untimed e2e run: the service's (and broker's, PostgreSQL's) hot paths get compiled. */
  private void pipelineWarmup(BenchStack stack, String prefix, double rate)
      throws InterruptedException {
    checkNotStopping();
    int seconds = settings.pipelineWarmupSeconds();
    if (seconds <= 0) {
      return;
    }
    log(
        "(e2e warm-up, not in the table) LoadSimulation at "
            + BenchmarkMarkdown.num(rate)
            + " msg/s for "
            + seconds
            + " s");
    List<String> props = new ArrayList<>(stack.targetFlags());
    props.addAll(BenchStack.split(settings.extraFlags()));
    props.add("-Drate=" + BenchmarkMarkdown.num(rate));
    props.add("-Dduration=" + seconds);
    props.add("-Dwarmup=5");
    props.add("-Dramp=0");
    GatlingLauncher.Run run =
        gatling.run(
            LOAD,
            props,
            List.of(),
            false,
            work.resolve(prefix + "e2e-warmup.log"),
            stepTimeout(seconds),
            STEP_GRACE,
            stack.sampler()::injector);
    stack.sampler().injector(-1);
    if (run.exit().code() != 0) {
      log("the warm-up run did not pass its assertions (expected on a cold pipeline)");
    }
  }

  private void producerPerformance(BenchStack stack) throws InterruptedException {
    int records = settings.producerPerfRecords();
    log(
        "ProducerPerformance: "
            + records
            + " records of 1024 bytes, unthrottled (load "
            + load3()
            + ")");
    Path log = work.resolve("producer-perf.log");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-cp",
            classpath,
            "org.apache.kafka.tools.ProducerPerformance",
            "--topic",
            settings.benchTopic(),
            "--num-records",
            Integer.toString(records),
            "--record-size",
            "1024",
            "--throughput",
            "-1",
            "--warmup-records",
            Integer.toString(records / 10),
            "--producer-props",
            "bootstrap.servers=" + stack.bootstrap(),
            "acks=all",
            "linger.ms=5");
    ChildProcesses.Exit exit = children.run(cmd, root, log, PP_TIMEOUT, STEP_GRACE, pid -> {});
    producerPerf = BenchmarkMain.producerPerf(log);
    log(
        producerPerf == null
            ? "ProducerPerformance printed no summary (exit " + exit.code() + ")"
            : "ProducerPerformance: "
                + BenchmarkMarkdown.num(producerPerf.recordsPerSec())
                + " rec/s");
  }

  /**
   * Writes back the page cache now (bounded): gigabytes written by the previous phase would
   * otherwise be flushed during the next, stalling PostgreSQL's commit fsyncs.
   */
  private void flushDisk() throws InterruptedException {
    log("flushing dirty pages (sync, at most " + SYNC_TIMEOUT.toSeconds() + " s)");
    ChildProcesses.Exit exit =
        children.run(
            List.of("sync"), root, work.resolve("sync.log"), SYNC_TIMEOUT, STEP_GRACE, pid -> {});
    if (exit.timedOut()) {
      log("sync did not finish within " + SYNC_TIMEOUT.toSeconds() + " s");
    }
  }

  /** A step's bound: JVM start, warm-up, ramp, measured phase, drain and lag drain. */
  private Duration stepTimeout(int measuredSeconds) {
    return Duration.ofSeconds(
        settings.warmupSeconds() + settings.rampSeconds() + measuredSeconds + 300L);
  }

  // ------------------------------------------------------------------ machine and files

  private void writeProperties() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(properties).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    try {
      Files.writeString(work.resolve("run.properties"), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static String load3() {
    String[] f = loadavg();
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
  }

  private static Double load1() {
    String[] f = loadavg();
    try {
      return f.length >= 1 ? Double.valueOf(f[0]) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String[] loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
    } catch (IOException e) {
      return new String[0];
    }
  }

  private static String memTotalKb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal:"))
          .map(l -> l.replaceAll("[^0-9]", ""))
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /** The short commit, with "-dirty" when the work tree has changes; "unknown" without git. */
  private String commit() {
    String head = git("rev-parse", "--short", "HEAD");
    if (head == null) {
      return "unknown";
    }
    return head + (git("diff", "--quiet") == null ? "-dirty" : "");
  }

  /** Runs git in the root (10 s at most); its output, or null when it failed. */
  private String git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rate(Double rate) {
    return rate == null
        ? "none (the first rate did not hold)"
        : BenchmarkMarkdown.num(rate) + " msg/s";
  }

  private static void log(String message) {
    System.out.println("[bench " + CLOCK.format(Instant.now()) + "] " + message);
    System.out.flush();
  }

  @Override
  public void close() {
    children.close();
    try {
      Runtime.getRuntime().removeShutdownHook(stopHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
