package io.pipelineperf.bench.detector;

/**
 * The open-model schedule of the benchmark's inserts: row {@code i}, counted over all writers, is
 * due {@code i / rate} seconds after the start, whatever happened to the rows before it, and writer
 * {@code k} of {@code n} writes rows {@code k, k + n, k + 2n, …}. A slow insert therefore does not
 * lower the rate: the rows that fell due meanwhile go into the writer's next transaction.
 */
record InsertSchedule(long ratePerSecond, int writers) {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  InsertSchedule {
    if (ratePerSecond < 1 || writers < 1) {
      throw new IllegalArgumentException(
          "a schedule needs a rate >= 1 msg/s and >= 1 writer: " + ratePerSecond + ", " + writers);
    }
  }

  /** How many of writer {@code writer}'s rows are due {@code elapsedNanos} after the start. */
  long dueBy(int writer, long elapsedNanos) {
    if (elapsedNanos < 0) {
      return 0;
    }
    // rows 0 .. all - 1 are due: row i at i * 1e9 / rate ns, so row 0 at once
    long all = Math.multiplyExact(elapsedNanos, ratePerSecond) / NANOS_PER_SECOND + 1;
    return all > writer ? (all - 1 - writer) / writers + 1 : 0;
  }

  /** When writer {@code writer}'s row number {@code row} (from 0) is due, ns after the start. */
  long intendedNanos(int writer, long row) {
    long index = Math.addExact(Math.multiplyExact(row, (long) writers), writer);
    return Math.multiplyExact(index, NANOS_PER_SECOND) / ratePerSecond;
  }
}
