package io.pipelineperf.bench.detector;

import org.HdrHistogram.Histogram;

/**
 * The figures of one rate of the detector benchmark.
 *
 * @param targetRate the writers' schedule, msg/s
 * @param achievedRate rows committed in the measured phase per second of it
 * @param inserted rows committed over warm-up and measured phase
 * @param seen rows the detector handed to its sink, after the drain
 * @param measuredRows rows committed in the measured phase (the CPU per message divides by them)
 * @param measuredSeconds the measured phase's length, from the warm-up's end to the writers' stop
 * @param lag the detector's lag over the rows it saw from the warm-up's end on
 * @param cpu CPU over the measured phase
 * @param writerLateMaxMs the latest a writer committed a batch's oldest row after its due time
 * @param loadBefore the 1-minute load average before the rate started
 * @param polls the detector's polls in the measured phase
 * @param commits the writers' transactions in the measured phase
 */
record DetectorResult(
    int targetRate,
    double achievedRate,
    long inserted,
    long seen,
    long measuredRows,
    double measuredSeconds,
    Lag lag,
    Cpu cpu,
    double writerLateMaxMs,
    double loadBefore,
    long polls,
    long commits) {

  /** Seen minus commit time, in ms ({@code count} 0 and NaN figures when there were none). */
  record Lag(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    static Lag of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Lag(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Lag(
          micros.getTotalCount(),
          micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(95) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0,
          micros.getMaxValue() / 1000.0);
    }
  }

  /** CPU seconds: the detector's polling thread, this whole JVM, PostgreSQL (NaN: unknown). */
  record Cpu(double detectorSeconds, double jvmSeconds, double postgresSeconds) {}

  /** {@code cpuSeconds} over the measured phase as % of one core. */
  double percentOfCore(double cpuSeconds) {
    return measuredSeconds > 0 ? cpuSeconds / measuredSeconds * 100 : Double.NaN;
  }

  /** {@code cpuSeconds} per row committed in the measured phase, in µs. */
  double microsPerMessage(double cpuSeconds) {
    return measuredRows > 0 ? cpuSeconds * 1e6 / measuredRows : Double.NaN;
  }

  /** Every row inserted was seen. */
  boolean allSeen() {
    return seen == inserted;
  }
}
