package io.pipelineperf.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Any service process on this host, by pid, from /proc (Linux): CPU % of the whole machine ({@code
 * svc.proc.cpu.pct}), resident memory ({@code svc.proc.rss.bytes}), threads ({@code
 * svc.proc.threads}) and open file descriptors ({@code svc.proc.fds}), its CPU time so far ({@code
 * svc.proc.cpu.ms}) and the same by thread group ({@code svc.cpu.thread.<group>.ms}, {@link
 * ThreadGroupCpu}: for a JVM the RMI and JMX threads are what the lab's JMX sampling costs it). The
 * pid is asked for at every tick, so a restarted service (a new pid) is followed; a pid that is
 * gone gives no values for that tick. Reading the threads' stat files costs ~0.5 ms of CPU in the
 * lab's JVM per tick for a process of 70 threads (measured here).
 */
public final class ProcessSampler implements Sampler {

  private final Path proc;
  private final LongSupplier pid;
  private final int cpus;
  private final double millisPerTick;
  private long lastPid = -1;
  private long lastTicks;
  private long lastWallNanos;

  /** Prefix of the per-thread-group CPU series of the service. */
  public static final String THREAD_CPU_PREFIX = "svc.cpu.thread.";

  public ProcessSampler(LongSupplier pid) {
    this(Path.of("/proc"), pid, Runtime.getRuntime().availableProcessors(), 10.0);
  }

  ProcessSampler(Path proc, LongSupplier pid, int cpus, double millisPerTick) {
    this.proc = proc;
    this.pid = pid;
    this.cpus = cpus;
    this.millisPerTick = millisPerTick;
  }

  @Override
  public String name() {
    return "service process";
  }

  @Override
  public String source() {
    return proc + "/" + pid.getAsLong();
  }

  @Override
  public void sample(Map<String, Double> into) throws IOException {
    sample(into, System.nanoTime());
  }

  void sample(Map<String, Double> into, long wallNanos) throws IOException {
    long p = pid.getAsLong();
    if (p <= 0) {
      return;
    }
    Path dir = proc.resolve(Long.toString(p));
    if (!Files.isDirectory(dir)) {
      lastPid = -1;
      return; // gone (crashed, being restarted): no values this tick
    }
    long ticks = cpuTicks(Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII));
    if (p == lastPid && wallNanos > lastWallNanos) {
      double cpuMillis = (ticks - lastTicks) * millisPerTick;
      double wallMillis = (wallNanos - lastWallNanos) / 1e6;
      into.put("svc.proc.cpu.pct", 100 * cpuMillis / wallMillis / cpus);
    }
    lastPid = p;
    lastTicks = ticks;
    lastWallNanos = wallNanos;
    into.put("svc.proc.cpu.ms", ticks * millisPerTick);
    ThreadGroupCpu.ofProcess(proc, p, millisPerTick)
        .millisByGroup()
        .forEach((group, ms) -> into.put(THREAD_CPU_PREFIX + group + ".ms", ms));
    for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("VmRSS:")) {
        into.put("svc.proc.rss.bytes", kilobytes(line) * 1024.0);
      } else if (line.startsWith("Threads:")) {
        into.put("svc.proc.threads", (double) Long.parseLong(line.substring(8).strip()));
      }
    }
    try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
      into.put("svc.proc.fds", (double) fds.count());
    } catch (IOException e) {
      // another user's process: no fd count, the rest stands
    }
  }

  /** utime + stime, in clock ticks, from a /proc stat line (the name may hold spaces). */
  static long cpuTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long kilobytes(String statusLine) {
    String v = statusLine.substring(statusLine.indexOf(':') + 1).strip();
    return Long.parseLong(v.split("\\s+")[0]);
  }
}
