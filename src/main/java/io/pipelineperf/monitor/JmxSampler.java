package io.pipelineperf.monitor;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Samples a service JVM over remote JMX with the platform MXBeans (any JVM), the signals the leak
 * check needs ({@code jmx.*} keys):
 *
 * <ul>
 *   <li>{@code jmx.oldGen.afterGc.bytes}: the old generation after its last collection ({@code
 *       MemoryPoolMXBean.getCollectionUsage}), only in ticks where an old-generation cycle (G1:
 *       mixed or full; Parallel/Serial: full) happened since the last tick: one point per cycle.
 *   <li>{@code jmx.heap.afterGc.bytes}: the whole heap right after the most recent GC (HotSpot's
 *       {@code LastGcInfo}), only in ticks where any GC happened: the young-GC troughs.
 *   <li>{@code jmx.heap.used.bytes}, {@code .max.bytes}, {@code jmx.metaspace.bytes}, {@code
 *       jmx.buffer.direct.bytes}, {@code jmx.buffer.mapped.bytes}, {@code jmx.threads.live}, {@code
 *       jmx.fd.open} (Unix JVMs), {@code jmx.gc.count}, {@code jmx.gc.time.ms}, {@code
 *       jmx.gc.timeShare.pct} (GC time per wall time since the last tick).
 * </ul>
 */
public final class JmxSampler implements Sampler {

  private static final ObjectName OS = name(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);

  private final JmxConnection connection;
  private MBeanServerConnection beansOf;
  private MemoryMXBean memory;
  private ThreadMXBean threads;
  private List<GarbageCollectorMXBean> collectors;
  private List<MemoryPoolMXBean> pools;
  private List<BufferPoolMXBean> buffers;
  private Set<String> heapPools;
  private long lastGcCount = -1;
  private long lastGcTimeMs;
  private long lastTickNanos;
  private long lastOldAfterGc = -1;
  private long lastOldCollections = -1;

  public JmxSampler(String address, Duration timeout) {
    this.connection = new JmxConnection(address, timeout.toMillis());
  }

  @Override
  public String name() {
    return "service JMX";
  }

  @Override
  public String source() {
    return "jmx://" + connection.address();
  }

  @Override
  public void sample(Map<String, Double> into) throws IOException {
    try {
      sampleOnce(into);
    } catch (UndeclaredThrowableException e) {
      reset();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      reset();
      throw e;
    }
  }

  private void reset() {
    connection.reset();
    beansOf = null;
  }

  private void sampleOnce(Map<String, Double> into) throws IOException {
    MBeanServerConnection mbs = connection.get();
    if (mbs != beansOf) {
      bind(mbs);
    }
    long now = System.nanoTime();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    into.put("jmx.heap.used.bytes", (double) heap.getUsed());
    if (heap.getMax() > 0) {
      into.put("jmx.heap.max.bytes", (double) heap.getMax());
    }
    into.put("jmx.threads.live", (double) threads.getThreadCount());
    for (MemoryPoolMXBean p : pools) {
      if (p.getName().equals("Metaspace")) {
        into.put("jmx.metaspace.bytes", (double) p.getUsage().getUsed());
      }
    }
    for (BufferPoolMXBean b : buffers) {
      into.put("jmx.buffer." + b.getName() + ".bytes", (double) b.getMemoryUsed());
    }
    Object fds = openFileDescriptors(mbs);
    if (fds instanceof Number n) {
      into.put("jmx.fd.open", n.doubleValue());
    }
    sampleGc(into, now);
  }

  private void sampleGc(Map<String, Double> into, long now) throws IOException {
    long count = 0;
    long timeMs = 0;
    long oldCollections = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      count += Math.max(0, gc.getCollectionCount());
      timeMs += Math.max(0, gc.getCollectionTime());
      if (isOldCollector(gc)) {
        oldCollections += Math.max(0, gc.getCollectionCount());
      }
    }
    into.put("jmx.gc.count", (double) count);
    into.put("jmx.gc.time.ms", (double) timeMs);
    if (lastGcCount >= 0) {
      double wallMs = (now - lastTickNanos) / 1e6;
      if (wallMs > 0) {
        into.put("jmx.gc.timeShare.pct", 100.0 * (timeMs - lastGcTimeMs) / wallMs);
      }
      if (count > lastGcCount) {
        Long afterGc = heapAfterLastGc();
        if (afterGc != null) {
          into.put("jmx.heap.afterGc.bytes", afterGc.doubleValue());
        }
      }
    }
    Long oldAfter = oldGenAfterGc();
    if (oldAfter != null
        && lastGcCount >= 0
        && (oldAfter != lastOldAfterGc || oldCollections != lastOldCollections)) {
      into.put("jmx.oldGen.afterGc.bytes", oldAfter.doubleValue());
    }
    lastOldAfterGc = oldAfter == null ? -1 : oldAfter;
    lastOldCollections = oldCollections;
    lastGcCount = count;
    lastGcTimeMs = timeMs;
    lastTickNanos = now;
  }

  private void bind(MBeanServerConnection mbs) throws IOException {
    memory =
        ManagementFactory.newPlatformMXBeanProxy(
            mbs, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    threads =
        ManagementFactory.newPlatformMXBeanProxy(
            mbs, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
    collectors = ManagementFactory.getPlatformMXBeans(mbs, GarbageCollectorMXBean.class);
    pools = ManagementFactory.getPlatformMXBeans(mbs, MemoryPoolMXBean.class);
    buffers = ManagementFactory.getPlatformMXBeans(mbs, BufferPoolMXBean.class);
    heapPools =
        pools.stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    beansOf = mbs;
    lastGcCount = -1;
    lastOldAfterGc = -1;
    lastOldCollections = -1;
  }

  private Object openFileDescriptors(MBeanServerConnection mbs) throws IOException {
    try {
      return mbs.getAttribute(OS, "OpenFileDescriptorCount");
    } catch (javax.management.JMException notUnix) {
      return null;
    }
  }

  /** Heap after the most recent GC of any collector, from HotSpot's LastGcInfo; else null. */
  private Long heapAfterLastGc() throws IOException {
    GcInfo latest = null;
    for (GarbageCollectorMXBean gc : collectors) {
      GcInfo info = lastGcInfo(gc);
      if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
        latest = info;
      }
    }
    if (latest == null) {
      return null;
    }
    long sum = 0;
    for (Map.Entry<String, MemoryUsage> e : latest.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        sum += e.getValue().getUsed();
      }
    }
    return sum;
  }

  private GcInfo lastGcInfo(GarbageCollectorMXBean gc) throws IOException {
    try {
      Object raw = beansOf.getAttribute(gc.getObjectName(), "LastGcInfo");
      return raw instanceof CompositeData cd ? GcInfo.from(cd) : null;
    } catch (javax.management.JMException | IllegalArgumentException notHotSpot) {
      return null;
    }
  }

  private Long oldGenAfterGc() {
    for (MemoryPoolMXBean p : pools) {
      if (isOldPool(p.getName())) {
        MemoryUsage after = p.getCollectionUsage();
        return after == null ? null : after.getUsed();
      }
    }
    return null;
  }

  static boolean isOldPool(String name) {
    return name.contains("Old Gen") || name.contains("Tenured") || name.equals("old");
  }

  private static boolean isOldCollector(GarbageCollectorMXBean gc) {
    String n = gc.getName();
    return n.contains("Old") || n.contains("MarkSweep") || n.contains("Full");
  }

  private static ObjectName name(String n) {
    try {
      return new ObjectName(n);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
