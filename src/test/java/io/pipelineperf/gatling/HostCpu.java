package io.pipelineperf.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The whole host's CPU from the first line of {@code /proc/stat}, for tests judged on timing. */
final class HostCpu {

  private HostCpu() {}

  /** {busy, total} clock ticks of all cores since boot. */
  static long[] ticks() {
    String line;
    try (var lines = Files.lines(Path.of("/proc/stat"))) {
      line = lines.findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] f = line.trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(f[i]);
    }
    return new long[] {busy, busy + idle};
  }

  /** The busy share of all cores between two readings, in %. */
  static double busyPct(long[] before, long[] after) {
    long total = after[1] - before[1];
    return total <= 0 ? 0 : 100.0 * (after[0] - before[0]) / total;
  }

  /**
   * Waits, one 500 ms window at a time, until a window's busy share is under {@code maxBusyPct}, at
   * most {@code limit}; returns the last window's share (the caller reports it either way).
   */
  static double waitUntilQuiet(double maxBusyPct, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    double busy;
    do {
      long[] before = ticks();
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      }
      busy = busyPct(before, ticks());
    } while (busy >= maxBusyPct && System.nanoTime() < deadline);
    System.out.printf("[due-times-it] host CPU %.0f %% busy before the run%n", busy);
    return busy;
  }
}
