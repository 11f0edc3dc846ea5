package io.pipelineperf.bench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A summary line of Kafka's {@code ProducerPerformance}: records, records/s, MB/s and its latency
 * figures (milliseconds, measured by the tool from send to acknowledgement). With {@code
 * --warmup-records} the tool prints a second summary of the records after the warm-up, marked
 * "steady state".
 */
public record ProducerPerfResult(
    boolean steadyState,
    long records,
    double recordsPerSec,
    double mbPerSec,
    double avgMs,
    double maxMs,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double p999Ms) {

  private static final Pattern FINAL =
      Pattern.compile(
          "(\\d+)( steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
              + " latency, ([\\d.]+) ms max latency, ([\\d.]+) ms 50th, ([\\d.]+) ms 95th,"
              + " ([\\d.]+) ms 99th, ([\\d.]+) ms 99.9th");

  /**
   * The summary among the tool's output lines: the steady-state one when there is one, else the
   * last one.
   */
  public static Optional<ProducerPerfResult> parse(List<String> lines) {
    ProducerPerfResult found = null;
    for (String line : lines) {
      Matcher m = FINAL.matcher(line);
      if (m.find() && (found == null || !found.steadyState())) {
        found =
            new ProducerPerfResult(
                m.group(2) != null,
                Long.parseLong(m.group(1)),
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)),
                Double.parseDouble(m.group(5)),
                Double.parseDouble(m.group(6)),
                Double.parseDouble(m.group(7)),
                Double.parseDouble(m.group(8)),
                Double.parseDouble(m.group(9)),
                Double.parseDouble(m.group(10)));
      }
    }
    return Optional.ofNullable(found);
  }
}
