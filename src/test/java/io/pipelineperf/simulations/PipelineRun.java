package io.pipelineperf.simulations;

import io.pipelineperf.analysis.AckOnlyThresholds;
import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.FaultOverlay;
import io.pipelineperf.analysis.InjectorLimits;
import io.pipelineperf.analysis.InjectorValidity;
import io.pipelineperf.analysis.JUnitReport;
import io.pipelineperf.analysis.LatencySummary;
import io.pipelineperf.analysis.LeakReport;
import io.pipelineperf.analysis.MemorySignals;
import io.pipelineperf.analysis.NumberProperties;
import io.pipelineperf.analysis.RunFolder;
import io.pipelineperf.analysis.RunSummary;
import io.pipelineperf.analysis.RunThresholds;
import io.pipelineperf.gatling.AdaptiveWarmup;
import io.pipelineperf.gatling.Completion;
import io.pipelineperf.gatling.DbLogin;
import io.pipelineperf.gatling.KafkaDsl;
import io.pipelineperf.gatling.KafkaProtocolBuilder;
import io.pipelineperf.gatling.KafkaRuntime;
import io.pipelineperf.gatling.LoadProfile;
import io.pipelineperf.gatling.RunReport;
import io.pipelineperf.stack.Stack;
import io.pipelineperf.stack.StackConfig;
import io.pipelineperf.stack.Topics;
import io.pipelineperf.verify.FaultEntry;
import io.pipelineperf.verify.ReconcileQuery;
import io.pipelineperf.verify.Reconciler;
import io.pipelineperf.verify.Reconciliation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every pipeline simulation does around its load: start the stack and the Kafka protocol
 * (before), check the run (drain outcomes, reconcile against PostgreSQL, write summary.json and the
 * latency interval log into the run folder) and stop everything (after).
 *
 * <p>{@code -De2eTimeout=} (seconds, default 30) bounds how long a message may take end to end.
 *
 * <p>Warm-up: unless {@code -Dwarmup=} gives a fixed length, a load run first warms the pipeline up
 * at the target rate until its e2e latency has settled ({@link AdaptiveWarmup}, at most {@code
 * -Dwarmup.max=} s, 60), then Gatling injects {@value #GATLING_WARMUP_SECONDS} s of warm-up (its
 * own code paths) before the measured phase. Fault runs keep their fixed warm-up.
 *
 * <p>Load runs are also judged for validity ({@link InjectorValidity}): a run whose load generator
 * fell behind is INVALID.
 *
 * <p>An {@link #ackOnly} run tracks no outcomes: it checks acknowledgements only (no drain, no lag
 * wait, no reconciliation), and on the embedded target it does not start the service unless {@code
 * -Dstack.service=true}.
 */
final class PipelineRun {

  /** Gatling's own warm-up after an adaptive one: its event loops and actions warm up too. */
  static final double GATLING_WARMUP_SECONDS = 10;

  private final Class<?> simulation;
  private final boolean ackOnly;
  private final boolean adaptiveWarmup;
  private volatile AdaptiveWarmup.Result warmup;
  private final StackConfig config;
  private final FaultRun faults;
  private final LoadProfile profile;
  private final RunThresholds thresholds = RunThresholds.fromSystemProperties();
  private final Duration e2eTimeout;
  private final KafkaProtocolBuilder kafka;
  private volatile Stack stack;
  private volatile RunMonitor monitor;
  private volatile String leakLine;
  private volatile String cleanupLine;
  private volatile LeakReport leakReport;
  private final List<Runnable> stackStartedChecks =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  PipelineRun(Class<?> simulation) {
    this(simulation, false, null);
  }

  /** A run of {@code send} actions only: judged on ack latency and achieved ack rate. */
  static PipelineRun ackOnly(Class<?> simulation) {
    return new PipelineRun(simulation, true, null);
  }

  /**
   * A run with the faults of {@code -Dfault=} injected mid-load ({@link FaultRun}): judged on each
   * fault's recovery, loss, duplicates and errors outside the fault window.
   */
  static PipelineRun withFaults(Class<?> simulation) {
    return new PipelineRun(simulation, false, FaultRun.fromSystemProperties());
  }

  private PipelineRun(Class<?> simulation, boolean ackOnly, FaultRun faults) {
    this.simulation = simulation;
    this.ackOnly = ackOnly;
    this.faults = faults;
    this.adaptiveWarmup = faults == null && !ackOnly && LoadProfile.autoWarmup();
    this.profile =
        faults != null
            ? faults.profile()
            : LoadProfile.fromSystemProperties(
                adaptiveWarmup ? GATLING_WARMUP_SECONDS : 10, 0, null);
    long defaultTimeout = faults == null ? 30 : faults.defaultE2eTimeout().toSeconds();
    this.e2eTimeout = Duration.ofSeconds(Long.getLong("e2eTimeout", defaultTimeout));
    // completion and reconciliation settings that need no database fail now, before the stack
    // starts
    ReconcileQuery.fromSystemProperties(Completion.fromSystemProperties().reconcileFallback());
    StackConfig fromProperties = StackConfig.fromSystemProperties();
    if (faults != null) {
      fromProperties = faults.prepare(fromProperties);
    }
    this.config =
        ackOnly && System.getProperty("stack.service") == null
            ? fromProperties.withService(false)
            : fromProperties;
    this.kafka =
        KafkaDsl.kafka()
            .bootstrapServers(() -> stack().kafkaBootstrap())
            .outcomesTopic(() -> stack().topics().outcomes())
            .database(() -> new DbLogin(stack().dbUrl(), stack().dbUser(), stack().dbPassword()))
            .e2eTimeout(e2eTimeout)
            .schedule(profile);
  }

  LoadProfile profile() {
    return profile;
  }

  RunThresholds thresholds() {
    return thresholds;
  }

  Topics topics() {
    return config.topics();
  }

  KafkaProtocolBuilder kafka() {
    return kafka;
  }

  String httpUrl() {
    String url = stack().httpUrl();
    if (url == null) {
      throw new IllegalStateException(
          "this simulation sends through the service's HTTP ingress, but -Dhttp.url is not set:"
              + " pass -Dhttp.url=http://host:port of the service");
    }
    return url;
  }

  /** The stack's database, once started (e.g. for a JDBC feeder). */
  io.pipelineperf.payload.Database database() {
    Stack s = stack();
    return new io.pipelineperf.payload.Database(s.dbUrl(), s.dbUser(), s.dbPassword());
  }

  /** Runs {@code check} right after the stack started, before any warm-up or load. */
  void onStackStarted(Runnable check) {
    stackStartedChecks.add(check);
  }

  private Stack stack() {
    Stack started = stack;
    if (started == null) {
      throw new IllegalStateException("The stack is not started (PipelineRun.start in before())");
    }
    return started;
  }

  /** Starts the stack, the producer and the outcome watcher; warms the producer's metadata. */
  void start() {
    System.out.println("Load profile: " + profile + "; stack: " + config);
    stack = Stack.start(config);
    try {
      stackStartedChecks.forEach(Runnable::run);
      KafkaRuntime runtime = kafka.start();
      Messages.useIds(runtime.ledger().messageIds()::next);
      if (!ackOnly && System.getProperty("reconcile.query") != null) {
        reconciler(runtime).check(); // a query that does not run fails now, not after the load
      }
      runtime.warmUp(config.topics().input());
      warmup = warmUp(runtime);
      runtime.resetWatcherStatistics();
      monitor = RunMonitor.start(stack, config.runDir(), profile, !ackOnly);
      if (faults != null) {
        long measuredStart =
            System.currentTimeMillis() + Math.round(profile.measuredStartSeconds() * 1000);
        faults.start(stack, profile, measuredStart, runtime);
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private AdaptiveWarmup.Result warmUp(KafkaRuntime runtime) {
    double gatlingWarmup = profile.measuredStartSeconds();
    if (!adaptiveWarmup) {
      System.out.println("Warm-up: fixed, " + gatlingWarmup + " s before the measured phase");
      return AdaptiveWarmup.Result.fixed(gatlingWarmup);
    }
    AdaptiveWarmup.Settings defaults = AdaptiveWarmup.Settings.defaults();
    double max = NumberProperties.positive("warmup.max", defaults.maxSeconds());
    AdaptiveWarmup.Settings settings =
        new AdaptiveWarmup.Settings(
            Math.min(defaults.minSeconds(), max),
            max,
            defaults.window(),
            defaults.tolerance(),
            defaults.slackMs(),
            defaults.minSamples());
    System.out.println(
        "Warm-up: adaptive, at "
            + profile.rate()
            + " msg/s until the e2e p95 settles (at most "
            + settings.maxSeconds()
            + " s), then "
            + gatlingWarmup
            + " s of Gatling warm-up");
    AdaptiveWarmup.Result result =
        AdaptiveWarmup.run(
            runtime, profile.rate(), settings, new WarmupMessages(config.topics().input()));
    System.out.println(
        "Warm-up: "
            + (result.converged() ? "converged" : "did NOT converge")
            + " after "
            + result.seconds()
            + " s (e2e p95 per second, ms: "
            + result.p95PerSecondMs()
            + ")");
    return result;
  }

  /** How far the outcome watcher was behind after its polls (p99), in ms of the offered rate. */
  private Double watcherLagP99Ms(KafkaRuntime runtime) {
    if (runtime.watcher() == null) {
      return null; // completion by committed offsets: no outcomes topic to fall behind on
    }
    org.HdrHistogram.Histogram lag = runtime.watcher().lagRecords();
    if (lag.getTotalCount() == 0) {
      return null;
    }
    return lag.getValueAtPercentile(99) * 1000.0 / profile.measuredMeanRate();
  }

  private List<AssertionResult> validity(KafkaRuntime runtime, RunMonitor.Result resources) {
    return InjectorValidity.evaluate(
        LatencySummary.ofMicros(runtime.metrics().schedulingDelay()).p99(),
        ackOnly ? null : watcherLagP99Ms(runtime),
        resources.summary().injector() == null ? null : resources.summary().injector().cpuMeanPct(),
        InjectorLimits.fromSystemProperties());
  }

  /**
   * Drains, reconciles and writes the summary (ack-only: summarises the acknowledgements); returns
   * the run's own assertion results.
   */
  List<AssertionResult> check() {
    if (faults != null) {
      return checkFaultRun();
    }
    return ackOnly ? checkAcks() : checkOutcomes();
  }

  /**
   * Heals the faults, drains (giving up once nothing has arrived for 15 s: after a fault, what has
   * not come by then was lost), reconciles, analyses each fault and writes the summary.
   */
  private List<AssertionResult> checkFaultRun() {
    faults.finishFaults();
    KafkaRuntime runtime = kafka.runtime();
    int unfinished = runtime.drain(e2eTimeout.plusSeconds(5), Duration.ofSeconds(15));
    if (unfinished > 0) {
      System.out.println(unfinished + " messages had no outcome after the drain");
    }
    Stack s = stack();
    RunMonitor.Result resources = monitor.finish(true);
    Reconciliation reconciliation = reconciler(runtime).reconcile(runtime.ledger());
    List<FaultEntry> entries = faults.analyse(profile, runtime, resources);
    RunSummary summary =
        RunReport.summariseFaultRun(
            simulation.getName(),
            targetName(s),
            profile,
            runtime,
            reconciliation,
            faults.assertions(entries, reconciliation));
    summary.section("faultPlan", faults.plan());
    summary.section("completion", runtime.describeCompletion());
    summary.section("faults", entries);
    summary.section("outsideFaultWindows", faults.outsideFaultWindows());
    addSamples(summary, reconciliation);
    // Reported, not judged: a fault (cpu-overload, a paused broker) may stall the load generator by
    // design, and the fault verdicts (recovery, loss) rest on acknowledged ids, not on its timing.
    summary.section(
        "injectorValidity",
        java.util.Map.of("judged", false, "checks", validity(runtime, resources)));
    summary.section("resources", resources.summary().toMap());
    // Reported, not judged: faults kill connections and restart clients by design
    summary.section("cleanup", java.util.Map.of("judged", false, "report", resources.cleanup()));
    List<AssertionResult> result = write(summary, runtime, resources, faults.overlay(runtime));
    System.out.print(faults.table(entries));
    return result;
  }

  private List<AssertionResult> checkAcks() {
    KafkaRuntime runtime = kafka.runtime();
    Stack s = stack();
    RunMonitor.Result resources = monitor.finish(false);
    RunSummary summary =
        RunReport.summariseAckOnly(
            simulation.getName(),
            targetName(s),
            profile,
            runtime,
            AckOnlyThresholds.fromSystemProperties());
    summary.addAssertions(validity(runtime, resources));
    summary.section("warmup", warmup);
    summary.section("resources", resources.summary().toMap());
    return write(summary, runtime, resources, FaultOverlay.none());
  }

  private List<AssertionResult> checkOutcomes() {
    KafkaRuntime runtime = kafka.runtime();
    int unfinished = runtime.drain(e2eTimeout.plusSeconds(5));
    if (unfinished > 0) {
      System.out.println(unfinished + " messages had no outcome after the drain");
    }
    Stack s = stack();
    RunMonitor.Result resources = monitor.finish(true);
    Reconciliation reconciliation = reconciler(runtime).reconcile(runtime.ledger());
    RunSummary summary =
        RunReport.summarise(
            simulation.getName(), targetName(s), profile, runtime, reconciliation, thresholds);
    addSamples(summary, reconciliation);
    summary.section("warmup", warmup);
    summary.section("completion", runtime.describeCompletion());
    summary.section("resources", resources.summary().toMap());
    summary.section("memory", MemorySignals.of(resources.samples(), summary.getRate().achieved()));
    summary.addAssertions(List.of(reconciliation.completenessAssertion()));
    summary.addAssertions(resources.assertions());
    summary.section("cleanup", resources.cleanup());
    summary.addAssertions(resources.cleanup().assertions());
    cleanupLine = resources.cleanup().line();
    LeakReport leak = resources.leak(summary.getRate().achieved());
    if (leak != null) {
      summary.section("leak", leak);
      summary.addAssertions(leak.assertions());
      leakLine = leak.line();
      leakReport = leak;
    }
    summary.addAssertions(validity(runtime, resources));
    return write(summary, runtime, resources, FaultOverlay.none());
  }

  /**
   * Against {@code -Dreconcile.query=} or {@code -Dreconcile.table=}/{@code idColumn}; unset, the
   * completion table with {@code -Dcompletion=db}, else the reference table.
   */
  private Reconciler reconciler(KafkaRuntime runtime) {
    Stack s = stack();
    return new Reconciler(
        s.dbUrl(),
        s.dbUser(),
        s.dbPassword(),
        ReconcileQuery.fromSystemProperties(runtime.completion().reconcileFallback()));
  }

  /** A few lost and duplicated ids, when there are any, to look up in the database and logs. */
  private static void addSamples(RunSummary summary, Reconciliation reconciliation) {
    if (reconciliation.lost() > 0) {
      summary.section("lostSample", reconciliation.lostSample());
    }
    if (reconciliation.duplicated() > 0) {
      summary.section("duplicatedSample", reconciliation.duplicatedSample());
    }
  }

  private static String targetName(Stack s) {
    return s.target().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Writes summary.json, the interval log and the resources page into the run folder. */
  private List<AssertionResult> write(
      RunSummary summary, KafkaRuntime runtime, RunMonitor.Result resources, FaultOverlay overlay) {
    Path folder =
        RunFolder.newest(RunFolder.resultsFolder(), simulation.getName())
            .orElse(RunFolder.resultsFolder());
    Path summaryFile = summary.writeTo(folder);
    Path junit = JUnitReport.write(folder, simulation.getSimpleName(), summary.getAssertions());
    Path intervals = runtime.writeIntervalLog(folder);
    Path page = resources.writeInto(folder, runtime.throughput(), overlay, leakReport);
    System.out.println(summary.toJson());
    printVerdict(summary);
    if (leakLine != null) {
      System.out.println(leakLine);
    }
    if (cleanupLine != null) {
      System.out.println(cleanupLine);
    }
    System.out.println("Run summary:          " + summaryFile.toAbsolutePath());
    System.out.println("Resources page:       " + page.toAbsolutePath());
    System.out.println("Latency interval log: " + intervals.toAbsolutePath());
    System.out.println("JUnit assertions:     " + junit.toAbsolutePath());
    System.out.println("Gatling report:       " + folder.resolve("index.html").toAbsolutePath());
    return summary.getAssertions();
  }

  private static void printVerdict(RunSummary summary) {
    System.out.println("Verdict: " + summary.getVerdict());
    for (String reason : summary.getInvalidReasons()) {
      System.out.println("RUN INVALID: " + reason);
    }
    for (AssertionResult a : summary.getAssertions()) {
      if (!a.passed() && !a.isValidity()) {
        System.out.println(
            "FAILED: "
                + a.description()
                + " (actual "
                + a.actual()
                + ", threshold "
                + a.threshold()
                + ")");
      }
    }
  }

  /** Stops the Kafka clients and the stack; safe to call more than once. */
  void stop() {
    try {
      if (faults != null) {
        faults.close();
      }
      if (monitor != null) {
        monitor.close();
      }
      if (stack != null) {
        try {
          kafka.runtime().close();
        } catch (IllegalStateException notStarted) {
          // nothing to close
        }
      }
    } finally {
      Stack s = stack;
      if (s != null) {
        s.close();
      }
    }
  }
}
