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
                num(s.rate()),
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
              num(s.rate()),
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
