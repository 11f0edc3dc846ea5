package io.pipelineperf.bench.detector;

import java.util.List;
import java.util.Locale;

/** The detector benchmark's result as markdown: a settings line, one row per rate, notes. */
final class DetectorTable {

  static final String HEADER =
      "| target msg/s | achieved msg/s | inserted | seen | lag p50 ms | lag p95 ms | lag p99 ms"
          + " | lag max ms | detector CPU % core | detector µs/msg | JVM CPU % core | JVM µs/msg"
          + " | PostgreSQL CPU % core | PostgreSQL µs/msg | writer late max ms | load avg before |";

  private DetectorTable() {}

  static String markdown(String settings, List<DetectorResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("Detector benchmark: ").append(settings).append("\n\n");
    sb.append(HEADER).append('\n');
    sb.append("|---".repeat(HEADER.split("\\|", -1).length - 2)).append("|\n");
    results.forEach(r -> sb.append(row(r)).append('\n'));
    sb.append('\n');
    results.forEach(r -> sb.append(notes(r)));
    return sb.toString();
  }

  static String row(DetectorResult r) {
    DetectorResult.Lag lag = r.lag();
    DetectorResult.Cpu cpu = r.cpu();
    return "| "
        + String.join(
            " | ",
            Integer.toString(r.targetRate()),
            num(r.achievedRate()),
            Long.toString(r.inserted()),
            Long.toString(r.seen()),
            num(lag.p50Ms()),
            num(lag.p95Ms()),
            num(lag.p99Ms()),
            num(lag.maxMs()),
            num(r.percentOfCore(cpu.detectorSeconds())),
            num(r.microsPerMessage(cpu.detectorSeconds())),
            num(r.percentOfCore(cpu.jvmSeconds())),
            num(r.microsPerMessage(cpu.jvmSeconds())),
            num(r.percentOfCore(cpu.postgresSeconds())),
            num(r.microsPerMessage(cpu.postgresSeconds())),
            num(r.writerLateMaxMs()),
            Double.isFinite(r.loadBefore())
                ? String.format(Locale.ROOT, "%.2f", r.loadBefore())
                : "n/a")
        + " |";
  }

  /** What a reader must not miss about one rate, one line each: unseen rows, a slow writer. */
  static String notes(DetectorResult r) {
    StringBuilder sb = new StringBuilder();
    String rate = "- " + r.targetRate() + " msg/s: ";
    if (!r.allSeen()) {
      sb.append(rate)
          .append("**NOT ALL SEEN**: ")
          .append(r.inserted())
          .append(" rows inserted, ")
          .append(r.seen())
          .append(" seen by the detector after the drain\n");
    }
    if (r.achievedRate() < 0.99 * r.targetRate()) {
      sb.append(rate)
          .append("**the writers fell behind**: ")
          .append(num(r.achievedRate()))
          .append(" msg/s achieved\n");
    }
    sb.append(rate)
        .append(r.lag().count())
        .append(" lags from ")
        .append(r.measuredRows())
        .append(" rows in ")
        .append(num(r.measuredSeconds()))
        .append(" s measured; ")
        .append(r.polls())
        .append(" polls (")
        .append(num(r.polls() > 0 ? r.cpu().detectorSeconds() * 1e6 / r.polls() : Double.NaN))
        .append(" µs CPU each), ")
        .append(r.commits())
        .append(" commits (")
        .append(num(r.commits() > 0 ? (double) r.measuredRows() / r.commits() : Double.NaN))
        .append(" rows each)\n");
    return sb.toString();
  }

  /** One decimal, "n/a" for an unknown figure. */
  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "n/a";
  }
}
