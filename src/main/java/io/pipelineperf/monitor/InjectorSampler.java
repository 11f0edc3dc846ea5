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
  private long lastGcCount = -1;

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
    if (gcCount > lastGcCount && lastGcCount >= 0) {
      Long afterGc = heapAfterLatestGc();
      if (afterGc != null) {
        into.put("inj.heap.afterGc.bytes", afterGc.doubleValue()); // the injector's own leak signal
      }
    }
    lastGcCount = gcCount;
    into.put("inj.gc.count", (double) gcCount);
    into.put("inj.gc.time.ms", (double) gcMillis);
    into.put("inj.threads.live", (double) ManagementFactory.getThreadMXBean().getThreadCount());
  }

  /** Heap in use after this JVM's most recent GC (HotSpot's LastGcInfo), else null. */
  private static Long heapAfterLatestGc() {
    com.sun.management.GcInfo latest = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
        com.sun.management.GcInfo info = hotspot.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return null;
    }
    long sum = 0;
    for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        MemoryUsage after = latest.getMemoryUsageAfterGc().get(pool.getName());
        sum += after == null ? 0 : after.getUsed();
      }
    }
    return sum;
  }
}
