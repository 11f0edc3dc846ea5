package io.pipelineperf.gatling;

import java.time.Duration;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * The whole host's busy CPU, for tests judged on timing: OSHI's tick counters, as the monitor's
 * {@code HostSampler} reads them.
 */
final class HostCpu {

  private static final CentralProcessor CPU = new SystemInfo().getHardware().getProcessor();

  private HostCpu() {}

  /** The CPU tick counters of all cores now, to pass to {@link #busyPctSince(long[])} later. */
  static long[] ticks() {
    return CPU.getSystemCpuLoadTicks();
  }

  /** The busy share of all cores since {@code before} was read, in %. */
  static double busyPctSince(long[] before) {
    return CPU.getSystemCpuLoadBetweenTicks(before) * 100;
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
      busy = busyPctSince(before);
    } while (busy >= maxBusyPct && System.nanoTime() < deadline);
    System.out.printf("[due-times-it] host CPU %.0f %% busy before the run%n", busy);
    return busy;
  }
}
