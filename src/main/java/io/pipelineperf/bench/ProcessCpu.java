package io.pipelineperf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * CPU time used so far, read from {@code /proc} and counted the way {@link ComponentSampler} counts
 * it: a process's {@code utime + stime}; for PostgreSQL, the postmaster's, every process whose
 * parent it is, and the postmaster's {@code cutime + cstime} (the backends it has already reaped,
 * so short-lived ones count too). The difference of two readings is the CPU of the span between
 * them, at the kernel's clock-tick resolution (10 ms).
 */
public final class ProcessCpu {

  private final double ticksPerSecond = ComponentSampler.clockTicks();

  /** This JVM's CPU seconds so far; NaN when {@code /proc} cannot be read. */
  public double jvmSeconds() {
    return processSeconds(ProcessHandle.current().pid());
  }

  /** One process's CPU seconds so far; NaN when it is gone or {@code /proc} cannot be read. */
  public double processSeconds(long pid) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return ProcStat.parse(line).map(p -> p.cpuTicks() / ticksPerSecond).orElse(Double.NaN);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** PostgreSQL's CPU seconds so far (see the class comment); NaN when the postmaster is gone. */
  public double postgresSeconds(long postmasterPid) {
    Map<Long, ProcStat> all;
    try {
      all = ComponentSampler.allProcesses();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
    ProcStat postmaster = all.get(postmasterPid);
    if (postmaster == null) {
      return Double.NaN;
    }
    return ComponentSampler.postgresTicks(all, postmaster) / ticksPerSecond;
  }
}
