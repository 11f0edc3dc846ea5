package io.pipelineperf.simulations;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.FaultOverlay;
import io.pipelineperf.analysis.NumberProperties;
import io.pipelineperf.faults.DeletedInput;
import io.pipelineperf.faults.Fault;
import io.pipelineperf.faults.FaultCatalogue;
import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultDriver;
import io.pipelineperf.faults.FaultPlan;
import io.pipelineperf.gatling.DeliveryTimeline;
import io.pipelineperf.gatling.KafkaRuntime;
import io.pipelineperf.gatling.LoadProfile;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.Stack;
import io.pipelineperf.stack.StackConfig;
import io.pipelineperf.verify.DeadLetterCounts;
import io.pipelineperf.verify.FaultEntry;
import io.pipelineperf.verify.FaultRunAnalysis;
import io.pipelineperf.verify.FaultThresholds;
import io.pipelineperf.verify.InFlightSeries;
import io.pipelineperf.verify.LossAccounting;
import io.pipelineperf.verify.ReadinessWatch;
import io.pipelineperf.verify.Reconciliation;
import io.pipelineperf.verify.RecoveryInputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fault side of a {@link FaultSimulation}: the plan ({@code -Dfault=}, {@code -Dfault.at=},
 * {@code -Dfault.hold=}, {@code -Dfault.settle=}), the stack wiring the faults need, the driver
 * that injects and heals them on schedule, the readiness watch and the dead-letter count, and the
 * analysis that turns the run into the {@code faults} entries of summary.json.
 */
final class FaultRun implements AutoCloseable {

  private final FaultPlan plan;
  private final FaultThresholds limits = FaultThresholds.fromSystemProperties();
  private volatile FaultDriver driver;
  private volatile ReadinessWatch readiness;
  private volatile DeadLetterCounts deadLetters;
  private volatile Optional<Path> serviceLog = Optional.empty();
  private volatile List<Fault> faults = List.of();
  private volatile LossAccounting losses = LossAccounting.none();
  private volatile LossAccounting.Counts outside = new LossAccounting.Counts(0, 0);

  private FaultRun(FaultPlan plan) {
    this.plan = plan;
  }

  static FaultRun fromSystemProperties() {
    FaultThresholds limits = FaultThresholds.fromSystemProperties();
    return new FaultRun(FaultPlan.fromSystemProperties(limits.maxRecoverySeconds()));
  }

  FaultPlan plan() {
    return plan;
  }

  FaultThresholds limits() {
    return limits;
  }

  /**
   * The load of a fault run: the profile's warm-up and ramp, a measured phase as long as the plan.
   */
  LoadProfile profile() {
    LoadProfile profile = LoadProfile.fromSystemProperties(10, 10, plan.measuredSeconds());
    if (profile.measuredSeconds() < plan.measuredSeconds()) {
      throw new IllegalArgumentException(
          "-Dduration="
              + NumberProperties.format(profile.measuredSeconds())
              + " is shorter than the fault plan (fault.at + fault.hold + fault.settle = "
              + NumberProperties.format(plan.measuredSeconds())
              + " s): leave -Dduration unset, or make it at least that");
    }
    return profile;
  }

  /** A message may take the fault and the settling phase end to end before it is an error. */
  Duration defaultE2eTimeout() {
    return Duration.ofSeconds(Math.round(plan.holdSeconds() + plan.settleSeconds() + 30));
  }

  /** The stack config with the wiring the faults need (proxies, host names, tmpfs). */
  StackConfig prepare(StackConfig config) {
    return FaultCatalogue.prepare(config, plan.idList());
  }

  /** Starts watching and schedules the faults; the measured phase starts at {@code epochMs}. */
  void start(Stack stack, LoadProfile profile, long measuredStartMs, KafkaRuntime runtime) {
    deadLetters = DeadLetterCounts.from(stack.kafkaBootstrap(), stack.topics().dlq());
    Duration runLength = Duration.ofSeconds(Math.round(profile.totalSeconds()) + 600);
    if (stack.httpUrl() != null) {
      readiness = ReadinessWatch.start(stack.httpUrl(), runLength);
    } else {
      System.out.println(
          "No -Dhttp.url: the service's readiness is not watched; faults are detected by errors"
              + " and throughput only");
    }
    if (stack instanceof EmbeddedStack embedded) {
      serviceLog = Optional.of(embedded.sut().logFile());
    }
    FaultContext context =
        FaultContext.of(stack)
            .withMaxHold(Duration.ofSeconds(Math.round(plan.holdSeconds()) + 120));
    List<Fault> created = new ArrayList<>();
    for (String id : plan.ids()) {
      created.add(FaultCatalogue.create(id, context));
    }
    faults = List.copyOf(created);
    driver = FaultDriver.start(faults, plan, measuredStartMs);
    System.out.printf(
        "Fault plan: %s injected %s s into the measured phase%s, healed %s s later, then %s s of"
            + " settling%n",
        plan.idList(),
        NumberProperties.format(plan.atSeconds()),
        plan.staggerSeconds() > 0
            ? " (" + NumberProperties.format(plan.staggerSeconds()) + " s apart)"
            : "",
        NumberProperties.format(plan.holdSeconds()),
        NumberProperties.format(plan.settleSeconds()));
  }

  /** Once the load has ended: every fault healed, readiness no longer watched. */
  void finishFaults() {
    if (driver != null) {
      driver.close();
    }
    if (readiness != null) {
      readiness.close();
    }
  }

  /**
   * The faults' entries, from what the run recorded; call after the ledger was reconciled (its LOST
   * and DUPLICATED marks are read here, with what the faults deleted of the input).
   */
  List<FaultEntry> analyse(LoadProfile profile, KafkaRuntime runtime, RunMonitor.Result resources) {
    List<DeletedInput> deleted = new ArrayList<>();
    faults.forEach(f -> deleted.addAll(f.deletedInputs()));
    losses = LossAccounting.of(runtime.ledger(), deleted);
    DeliveryTimeline timeline = runtime.timeline();
    if (timeline.unstampedErrors() > 0) {
      System.out.println(
          timeline.unstampedErrors()
              + " errors beyond the first 2,000,000 have no time: the fault analysis counts only"
              + " the stamped ones");
    }
    Map<String, Long> dead = deadLetters.count(Duration.ofSeconds(30));
    RecoveryInputs inputs =
        new RecoveryInputs(
            runtime.throughput(),
            resources.samples(),
            readiness == null ? List.of() : readiness.downTimes(),
            timeline.errorTimes(),
            profile.measuredMeanRate());
    FaultRunAnalysis.RunData data =
        new FaultRunAnalysis.RunData(inputs, timeline.inFlight(), losses, dead, serviceLog);
    List<FaultEntry> entries = new FaultRunAnalysis(limits).analyse(driver.records(), data);
    outside = FaultRunAnalysis.outside(entries, losses);
    return entries;
  }

  /**
   * Lost (by the service) and duplicated messages acknowledged outside every fault's window, for
   * summary.json ({@code outsideFaultWindows}); valid after {@link #analyse}.
   */
  LossAccounting.Counts outsideFaultWindows() {
    return outside;
  }

  /**
   * Every injected fault's checks, the losses and duplicates no fault window holds, and the
   * reconciliation's completeness; with no fault injected, the run's own loss and duplicate checks.
   */
  List<AssertionResult> assertions(List<FaultEntry> entries, Reconciliation reconciliation) {
    List<AssertionResult> all = new ArrayList<>();
    entries.forEach(e -> all.addAll(e.assertions()));
    boolean injected = !all.isEmpty();
    all.add(reconciliation.completenessAssertion());
    if (injected) {
      all.add(
          new AssertionResult(
              "outside fault windows: lost messages <= " + limits.maxLost(),
              outside.lost() <= limits.maxLost(),
              (double) outside.lost(),
              limits.maxLost()));
      all.add(
          new AssertionResult(
              "outside fault windows: duplicated messages <= " + limits.maxDuplicated(),
              outside.duplicated() <= limits.maxDuplicated(),
              (double) outside.duplicated(),
              limits.maxDuplicated()));
    } else {
      all.add(
          new AssertionResult(
              "lost messages <= " + limits.maxLost(),
              reconciliation.lost() <= limits.maxLost(),
              (double) reconciliation.lost(),
              limits.maxLost()));
      all.add(
          new AssertionResult(
              "duplicated messages <= " + limits.maxDuplicated(),
              reconciliation.duplicated() <= limits.maxDuplicated(),
              (double) reconciliation.duplicated(),
              limits.maxDuplicated()));
    }
    return all;
  }

  /** The fault windows and the in-flight series, for the resources page. */
  FaultOverlay overlay(KafkaRuntime runtime) {
    List<FaultOverlay.Window> windows = new ArrayList<>();
    for (FaultDriver.Injected f : driver.records()) {
      if (f.injectedAt() != null) {
        long healed = f.healedAt() != null ? f.healedAt() : System.currentTimeMillis();
        windows.add(new FaultOverlay.Window(f.id(), f.injectedAt(), healed));
      }
    }
    List<FaultOverlay.Count> inFlight = new ArrayList<>();
    for (InFlightSeries.InFlightPoint p : runtime.timeline().inFlight().points()) {
      inFlight.add(new FaultOverlay.Count(p.t(), p.inFlight()));
    }
    return new FaultOverlay(windows, inFlight);
  }

  /** One line per fault, for the console. */
  String table(List<FaultEntry> entries) {
    StringBuilder out = new StringBuilder("Faults:\n");
    for (FaultEntry e : entries) {
      if (e.verdict() == io.pipelineperf.verify.FaultVerdict.Verdict.SKIPPED) {
        out.append(String.format("  %-26s SKIPPED  %s%n", e.id(), e.skipReason()));
        continue;
      }
      out.append(
          String.format(
              "  %-26s %-7s  detected %s (%s), recovered %s after heal, lost %d, duplicated %d%s%s%n",
              e.id(),
              e.verdict(),
              seconds(e.detectSeconds()),
              e.detectedBy() == null ? "-" : e.detectedBy(),
              seconds(e.recoverySeconds()),
              e.messages().lost(),
              e.messages().duplicated(),
              e.messages().destroyedByFault() > 0
                  ? ", destroyed by the fault " + e.messages().destroyedByFault()
                  : "",
              e.reasons().isEmpty() ? "" : "; " + String.join("; ", e.reasons())));
    }
    if (outside.lost() + outside.duplicated() > 0) {
      out.append(
          String.format(
              "  %-26s lost %d, duplicated %d (acknowledged in no fault's window)%n",
              "outside fault windows", outside.lost(), outside.duplicated()));
    }
    return out.toString();
  }

  private static String seconds(Double s) {
    return s == null ? "never" : NumberProperties.format(s) + " s";
  }

  @Override
  public void close() {
    finishFaults();
  }
}
