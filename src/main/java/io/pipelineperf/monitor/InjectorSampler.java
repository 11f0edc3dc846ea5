package io.pipelineperf.monitor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;

/**
 * The load generator's own JVM (inj.*), so an overloaded injector shows up beside the service. CPU
 * % is of the whole machine (all cores), like the service's process_cpu_usage; {@code inj.cpu.ms}
 * is the JVM's CPU time so far (all threads, samplers included), {@code inj.cpu.thread.<group>.ms}
 * the same by thread group ({@link ThreadGroupCpu}), to see where the load generator's time goes.
 */
public final class InjectorSampler implements Sampler {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final int cpus = Runtime.getRuntime().availableProcessors();
  private long previousCpuNanos = os.getProcessCpuTime();
  private long previousWallNanos = System.nanoTime();
  private final ThreadGroupCpu threads = ThreadGroupCpu.self();

  /** Prefix of the per-thread-group CPU series. */
  public static final String THREAD_CPU_PREFIX = "inj.cpu.thread.";

  @Override
  public String name() {
    return "injector JVM";
  }

  @Override
  public String source() {
    return "MXBeans";
  }

  @Override
  public void sample(Map<String, Double> into) {
    long cpuNanos = os.getProcessCpuTime();
    long wallNanos = System.nanoTime();
    if (cpuNanos >= 0 && wallNanos > previousWallNanos) {
      double share = (double) (cpuNanos - previousCpuNanos) / (wallNanos - previousWallNanos);
      into.put("inj.cpu.pct", 100 * share / cpus);
    }
    if (cpuNanos >= 0) {
      into.put("inj.cpu.ms", cpuNanos / 1e6); // cumulative: CPU per message over any span
    }
    previousCpuNanos = cpuNanos;
    previousWallNanos = wallNanos;
    threads.millisByGroup().forEach((group, ms) -> into.put(THREAD_CPU_PREFIX + group + ".ms", ms));

    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    into.put("inj.heap.used.bytes", (double) heap.getUsed());
    into.put("inj.heap.committed.bytes", (double) heap.getCommitted());
    if (heap.getMax() > 0) {
      into.put("inj.heap.max.bytes", (double) heap.getMax());
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    into.put("inj.gc.count", (double) gcCount);
    into.put("inj.gc.time.ms", (double) gcMillis);
    into.put("inj.threads.live", (double) ManagementFactory.getThreadMXBean().getThreadCount());
  }
}
