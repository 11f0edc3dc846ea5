package io.pipelineperf.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchmarkReport} as markdown tables. */
final class BenchmarkMarkdown {

  private final BenchmarkReport report;
  private final StringBuilder out = new StringBuilder();

  BenchmarkMarkdown(BenchmarkReport report) {
    this.report = report;
  }

  String render() {
    Map<String, String> s = report.settings();
    line("# Benchmark " + s.getOrDefault("startedAt", "?"));
    line("");
    line(
        "Everything co-located on one machine ("
            + s.getOrDefault("cores", "?")
            + " cores): broker, PostgreSQL, service, load generator. Load average (1/5/15 min)"
            + " at start: "
            + s.getOrDefault("loadAtStart", "?")
            + "; at end: "
            + s.getOrDefault("loadAtEnd", "?")
            + ". Commit "
            + s.getOrDefault("commit", "?")
            + ".");
    line("");
    producerPerf();
    ackSteps();
    e2eSteps();
    repeats();
    latencyCurve();
    resources();
    scaling();
    reliability();
    return out.toString();
  }

  private void producerPerf() {
    Map<String, String> s = report.settings();
    line(
        "## Kafka ProducerPerformance (same broker, topic "
            + s.getOrDefault("benchTopic", "?")
            + ", 1024-byte records, acks=all, linger.ms=5, unthrottled)");
    line("");
    ProducerPerfResult p = report.producerPerf();
    if (p == null && "0".equals(s.get("producerPerfRecords"))) {
      line("Not run (producerPerfRecords 0).");
      line("");
      return;
    }
    if (p == null) {
      line("No result (see producer-perf.log in the benchmark folder).");
      line("");
      return;
    }
    line("| records | rec/s | MB/s | avg ms | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms |");
    line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    line(
        row(
            p.records() + (p.steadyState() ? " (steady state)" : ""),
            num(p.recordsPerSec()),
            num(p.mbPerSec()),
            num(p.avgMs()),
            num(p.p50Ms()),
            num(p.p95Ms()),
            num(p.p99Ms()),
            num(p.p999Ms()),
            num(p.maxMs())));
    line("");
  }

  private void ackSteps() {
    BenchLimits l = report.limits();
    line(
        "## Load generator ceiling (AckOnlySimulation: ack p99 < "
            + num(l.ackP99Ms())
            + " ms and achieved >= "
            + num(l.minAchievedRatio() * 100)
            + " % of target)");
    line("");
    if (report.stepsOf(StepKind.ACK).isEmpty()) {
      line("Not run (no ack-only rates).");
      line("");
      return;
    }
    Double ceiling = report.ceiling(StepKind.ACK);
    String vsPp =
        ceiling == null || report.producerPerf() == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (%.0f %% of ProducerPerformance's rec/s)",
                100 * ceiling / report.producerPerf().recordsPerSec());
    line("**Ceiling: " + rate(ceiling) + "**" + vsPp + stopped(StepKind.ACK));
    line("");
    line(
        "| target msg/s | achieved | ack p50 ms | ack p99 ms | sched. delay p99 ms | injector CPU"
            + " % | injector µs/msg | errors % | load1 before | holds |");
    line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (StepRecord s : report.stepsOf(StepKind.ACK)) {
      StepResult r = s.result();
      List<String> b = s.breaches(report.limits());
      if (r == null) {
        line(
            row(
                num(s.rate()),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                num(s.load1Before()),
                verdict(b)));
        continue;
      }
      line(
          row(
              num(s.rate()),
              num(r.achievedRate()),
              num(r.ackP50Ms()),
              num(r.ackP99Ms()),
              num(r.schedulingDelayP99Ms()),
              num(r.injectorCpuMeanPct()),
              num(r.injectorCpuMicrosPerMessage()),
              num(r.errorRatePct()),
              num(s.load1Before()),
              verdict(b)));
    }
    line("");
  }

  private void e2eSteps() {
    BenchLimits l = report.limits();
    line(
        "## End-to-end ceiling (LoadSimulation: e2e p95 < "
            + num(l.e2eP95Ms())
            + " ms, achieved >= "
            + num(l.minAchievedRatio() * 100)
            + " % of target, lost = 0)");
    line("");
    if (report.stepsOf(StepKind.E2E).isEmpty()) {
      line("Not run (no e2e rates).");
      line("");
      return;
    }
    Double ceiling = report.ceiling(StepKind.E2E);
    boolean met = ceiling != null && ceiling >= BenchmarkReport.GOAL_MSG_PER_SEC;
    line(
        "**Ceiling: "
            + rate(ceiling)
            + "** (goal "
            + num(BenchmarkReport.GOAL_MSG_PER_SEC)
            + " msg/s: "
            + (met ? "met" : "not met")
            + ")"
            + stopped(StepKind.E2E));
    line("");
    line(
        "| target msg/s | achieved | ack p99 ms | e2e p50 ms | e2e p95 ms | e2e p99 ms | sched."
            + " delay p99 ms | service CPU mean % | injector µs/msg | svc batch mean ms | msgs/batch |"
            + " lag peak | lost | dup. | load1 before | holds |");
    line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (StepRecord s : report.stepsOf(StepKind.E2E)) {
      StepResult r = s.result();
      List<String> b = s.breaches(report.limits());
      if (r == null) {
        line(
            row(
                rateCell(s),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                num(s.load1Before()),
                verdict(b)));
        continue;
      }
      line(
          row(
              rateCell(s),
              num(r.achievedRate()),
              num(r.ackP99Ms()),
              num(r.e2eP50Ms()),
              num(r.e2eP95Ms()),
              num(r.e2eP99Ms()),
              num(r.schedulingDelayP99Ms()),
              num(r.serviceCpuMeanPct()),
              num(r.injectorCpuMicrosPerMessage()),
              s.batches() == null ? "-" : num(s.batches().meanBatchMs()),
              s.batches() == null ? "-" : num(s.batches().messagesPerBatch()),
              num(r.lagPeak()),
              num(r.lost()),
              num(r.duplicated()),
              num(s.load1Before()),
              verdict(b)));
    }
    line("");
  }

  /** The rate, with the run's number when its rate ran more than once. */
  private static String rateCell(StepRecord s) {
    return num(s.rate()) + (s.repeat() > 1 ? " (run " + s.repeat() + ")" : "");
  }

  /** Per rate: the majority verdict, median and spread, when some rate ran more than once. */
  private void repeats() {
    List<RateSummary> rates = report.rates(StepKind.E2E);
    if (rates.stream().allMatch(r -> r.runs() == 1)) {
      return;
    }
    line(
        "## End-to-end rates over their runs (a rate holds when the majority of its runs held;"
            + " median, min-max)");
    line("");
    line(
        "| target msg/s | runs | held | holds | achieved | e2e p50 ms | e2e p95 ms | e2e p99 ms |"
            + " errors % |");
    line("|---:|---:|---:|---|---:|---:|---:|---:|---:|");
    for (RateSummary r : rates) {
      line(
          row(
              num(r.rate()),
              Integer.toString(r.runs()),
              Integer.toString(r.held()),
              r.holds() ? "yes" : "no",
              spread(r.achieved()),
              spread(r.e2eP50Ms()),
              spread(r.e2eP95Ms()),
              spread(r.e2eP99Ms()),
              spread(r.errorRatePct())));
    }
    line("");
  }

  private void latencyCurve() {
    List<Double> fractions = report.extras().curveFractions();
    if (fractions.isEmpty()) {
      return;
    }
    line("## Latency curve (e2e latency at fractions of the ceiling; median, min-max of the runs)");
    line("");
    List<LatencyCurve.Point> points = report.latencyCurve();
    if (points.isEmpty()) {
      line("Not measured: no e2e ceiling (the first rate did not hold).");
      line("");
      return;
    }
    line(
        "| % of ceiling | msg/s | runs | held | achieved | e2e p50 ms | e2e p95 ms | e2e p99 ms |");
    line("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (LatencyCurve.Point p : points) {
      RateSummary r = p.runs();
      line(
          row(
              num(p.fraction() * 100),
              num(p.rate()),
              Integer.toString(r.runs()),
              Integer.toString(r.held()),
              spread(r.achieved()),
              spread(r.e2eP50Ms()),
              spread(r.e2eP95Ms()),
              spread(r.e2eP99Ms())));
    }
    line("");
  }

  private void resources() {
    List<StepRecord> sampled = new java.util.ArrayList<>();
    for (StepKind kind : StepKind.values()) {
      report.stepsOf(kind).stream().filter(s -> s.usage() != null).forEach(sampled::add);
    }
    report.latencyCurveSteps().stream().filter(s -> s.usage() != null).forEach(sampled::add);
    Map<StepRecord, String> cellOf = new java.util.IdentityHashMap<>();
    for (BenchmarkReport.CellResult c : report.extras().scaling()) {
      for (StepRecord s : c.steps()) {
        if (s.usage() != null) {
          sampled.add(s);
          cellOf.put(s, c.cell().id());
        }
      }
    }
    if (sampled.isEmpty()) {
      return;
    }
    line(
        "## CPU and memory per component (measured phase, from /proc: CPU µs per message, cores"
            + " used, memory MB at the phase's end)");
    line("");
    line(
        "| step | msg/s | service µs/msg | broker µs/msg | postgres µs/msg | injector µs/msg |"
            + " host µs/msg | service cores | broker cores | postgres cores | injector cores |"
            + " service MB | broker MB | postgres MB | injector MB |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (StepRecord s : sampled) {
      ComponentUsage u = s.usage();
      String[] c = {
        ComponentUsage.SERVICE,
        ComponentUsage.BROKER,
        ComponentUsage.POSTGRES,
        ComponentUsage.INJECTOR
      };
      List<String> cells = new java.util.ArrayList<>();
      cells.add(
          (cellOf.containsKey(s) ? "cell " + cellOf.get(s) + " " : "")
              + s.kind().label()
              + (s.phase() == StepPhase.CURVE ? " curve" : "")
              + (s.repeat() > 1 ? " run " + s.repeat() : ""));
      cells.add(num(s.rate()));
      for (String name : c) {
        cells.add(num(u.cpuUsPerMessage(name)));
      }
      cells.add(num(u.cpuUsPerMessage(ComponentUsage.HOST)));
      for (String name : c) {
        cells.add(num(u.coresUsed(name)));
      }
      for (String name : c) {
        Long mem = u.memBytes(name);
        cells.add(mem == null ? "-" : num(mem / 1e6));
      }
      line(row(cells.toArray(String[]::new)));
    }
    line("");
  }

  private void scaling() {
    ScalingTable table = report.scalingTable();
    if (table.rows().isEmpty()) {
      return;
    }
    line(
        "## Scaling matrix (each cell on its own stack; speed-up over the first cell, efficiency ="
            + " speed-up ÷ resource ratio)");
    line("");
    line(
        "| cell | ceiling msg/s | speed-up | changed | resource ratio | efficiency | bottleneck |"
            + " why |");
    line("|---|---:|---:|---|---:|---:|---|---|");
    for (ScalingTable.Row r : table.rows()) {
      line(
          row(
              r.cell(),
              r.ceilingMsgPerSec() == null ? "below the first rate" : num(r.ceilingMsgPerSec()),
              num(r.speedUp()),
              r.changed().isEmpty() ? "(baseline)" : r.changed(),
              num(r.resourceRatio()),
              num(r.efficiency()),
              r.bottleneck() == null ? "-" : r.bottleneck(),
              r.bottleneckReason() == null ? "" : r.bottleneckReason().replace("|", "/")));
    }
    line("");
    if (!table.marginals().isEmpty()) {
      line("One dimension at a time (cells that differ in it only):");
      line("");
      line("| dimension | from | to | from cell | speed-up | ratio | efficiency |");
      line("|---|---:|---:|---|---:|---:|---:|");
      for (ScalingTable.Marginal m : table.marginals()) {
        line(
            row(
                m.dimension(),
                Integer.toString(m.from()),
                Integer.toString(m.to()),
                m.fromCell(),
                num(m.speedUp()),
                num(m.resourceRatio()),
                num(m.efficiency())));
      }
      line("");
    }
  }

  private void reliability() {
    Reliability r = report.extras().faults();
    if (r == null) {
      return;
    }
    line(
        "## Reliability (FaultSimulation per fault, each on its own stack: pass rate "
            + (r.passRatePct() == null ? "-" : num(r.passRatePct()) + " %")
            + " of "
            + (r.passed() + r.failed())
            + " run, "
            + r.skipped()
            + " skipped; slowest recovery "
            + (r.maxRecoverySeconds() == null ? "-" : num(r.maxRecoverySeconds()) + " s")
            + ")");
    line("");
    line("| fault | verdict | detected s | recovery s | lost | duplicated | notes |");
    line("|---|---|---:|---:|---:|---:|---|");
    for (io.pipelineperf.verify.FaultSuite.Row f : r.faults()) {
      line(
          row(
              f.fault(),
              f.verdict(),
              num(f.detectSeconds()),
              num(f.recoverySeconds()),
              num(f.lost()),
              num(f.duplicated()),
              f.why() == null ? "" : f.why().replace("|", "/")));
    }
    line("");
  }

  private static String spread(RateSummary.Spread s) {
    if (s == null) {
      return "-";
    }
    return s.n() == 1 || s.min() == s.max()
        ? num(s.median())
        : num(s.median()) + " (" + num(s.min()) + "-" + num(s.max()) + ")";
  }

  private String stopped(StepKind kind) {
    List<String> why = report.stoppedBecause(kind);
    return why.isEmpty() ? "; every step held" : "; stopped: " + String.join(", ", why);
  }

  private static String verdict(List<String> breaches) {
    return breaches.isEmpty() ? "yes" : "no: " + String.join("; ", breaches);
  }

  private static String rate(Double ceiling) {
    return ceiling == null ? "below the first step" : num(ceiling) + " msg/s";
  }

  static String num(Number value) {
    if (value == null) {
      return "-";
    }
    double v = value.doubleValue();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.2f", v);
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private void line(String text) {
    out.append(text).append('\n');
  }
}
