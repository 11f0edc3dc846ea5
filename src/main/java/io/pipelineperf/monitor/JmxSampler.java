package io.pipelineperf.monitor;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.JMException;
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
  private static final ObjectName MEMORY = name(ManagementFactory.MEMORY_MXBEAN_NAME);
  private static final ObjectName THREADS = name(ManagementFactory.THREAD_MXBEAN_NAME);

  private final JmxConnection connection;
  private MBeanServerConnection beansOf;
  // names read once per connection: each remote read is a round trip, so a tick makes ~11
  private List<Collector> collectors;
  private Set<String> heapPools;
  private ObjectName metaspace;
  private ObjectName oldPool;
  private Map<String, ObjectName> buffers;
  private long lastGcCount = -1;
  private long lastGcTimeMs;
  private long lastTickNanos;
  private long lastOldAfterGc = -1;
  private long lastOldCollections = -1;

  private record Collector(ObjectName name, boolean old) {}

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
    } catch (JMException e) {
      reset();
      throw new IOException("JMX read failed: " + e, e);
    } catch (IOException | RuntimeException e) {
      reset();
      throw e;
    }
  }

  private void reset() {
    connection.reset();
    beansOf = null;
  }

  private void sampleOnce(Map<String, Double> into) throws IOException, JMException {
    MBeanServerConnection mbs = connection.get();
    if (mbs != beansOf) {
      bind(mbs);
    }
    long now = System.nanoTime();
    MemoryUsage heap = usage(mbs.getAttribute(MEMORY, "HeapMemoryUsage"));
    into.put("jmx.heap.used.bytes", (double) heap.getUsed());
    if (heap.getMax() > 0) {
      into.put("jmx.heap.max.bytes", (double) heap.getMax());
    }
    into.put("jmx.threads.live", number(mbs.getAttribute(THREADS, "ThreadCount")));
    if (metaspace != null) {
      into.put(
          "jmx.metaspace.bytes", (double) usage(mbs.getAttribute(metaspace, "Usage")).getUsed());
    }
    for (Map.Entry<String, ObjectName> b : buffers.entrySet()) {
      into.put(
          "jmx.buffer." + b.getKey() + ".bytes",
          number(mbs.getAttribute(b.getValue(), "MemoryUsed")));
    }
    try {
      into.put("jmx.fd.open", number(mbs.getAttribute(OS, "OpenFileDescriptorCount")));
    } catch (javax.management.AttributeNotFoundException notUnix) {
      // not a Unix JVM: no file descriptor count
    }
    try {
      // cumulative bytes allocated by all threads (HotSpot, JDK 14+): the allocation rate
      double allocated = number(mbs.getAttribute(THREADS, "TotalThreadAllocatedBytes"));
      if (allocated >= 0) {
        into.put("jmx.alloc.bytes", allocated);
      }
    } catch (javax.management.AttributeNotFoundException olderJvm) {
      // no allocation counter on this JVM
    }
    sampleGc(mbs, into, now);
  }

  private void sampleGc(MBeanServerConnection mbs, Map<String, Double> into, long now)
      throws IOException, JMException {
    long count = 0;
    long timeMs = 0;
    long oldCollections = 0;
    for (Collector gc : collectors) {
      List<Attribute> values =
          mbs.getAttributes(gc.name(), new String[] {"CollectionCount", "CollectionTime"}).asList();
      long c = Math.max(0, ((Number) values.get(0).getValue()).longValue());
      count += c;
      timeMs += Math.max(0, ((Number) values.get(1).getValue()).longValue());
      if (gc.old()) {
        oldCollections += c;
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
        GcInfo latest = latestGcInfo(mbs);
        if (latest != null) {
          into.put("jmx.heap.afterGc.bytes", (double) heapAfter(latest));
          into.put("jmx.gc.lastPause.ms", (double) latest.getDuration());
        }
      }
    }
    Long oldAfter = null;
    if (oldPool != null) {
      Object raw = mbs.getAttribute(oldPool, "CollectionUsage");
      oldAfter = raw == null ? null : usage(raw).getUsed();
    }
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
    collectors = new ArrayList<>();
    for (GarbageCollectorMXBean gc :
        ManagementFactory.getPlatformMXBeans(mbs, GarbageCollectorMXBean.class)) {
      collectors.add(new Collector(gc.getObjectName(), isOldCollector(gc.getName())));
    }
    heapPools = new HashSet<>();
    metaspace = null;
    oldPool = null;
    for (MemoryPoolMXBean p : ManagementFactory.getPlatformMXBeans(mbs, MemoryPoolMXBean.class)) {
      String n = p.getName();
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(n);
      }
      if (n.equals("Metaspace")) {
        metaspace = p.getObjectName();
      }
      if (isOldPool(n)) {
        oldPool = p.getObjectName();
      }
    }
    buffers = new LinkedHashMap<>();
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(mbs, BufferPoolMXBean.class)) {
      buffers.put(b.getName(), b.getObjectName());
    }
    beansOf = mbs;
    lastGcCount = -1;
    lastOldAfterGc = -1;
    lastOldCollections = -1;
  }

  /** The most recent GC of any collector, from HotSpot's LastGcInfo; else null. */
  private GcInfo latestGcInfo(MBeanServerConnection mbs) throws IOException {
    GcInfo latest = null;
    for (Collector gc : collectors) {
      GcInfo info = lastGcInfo(mbs, gc.name());
      if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
        latest = info;
      }
    }
    return latest;
  }

  private long heapAfter(GcInfo gc) {
    long sum = 0;
    for (Map.Entry<String, MemoryUsage> e : gc.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        sum += e.getValue().getUsed();
      }
    }
    return sum;
  }

  private static GcInfo lastGcInfo(MBeanServerConnection mbs, ObjectName gc) throws IOException {
    try {
      Object raw = mbs.getAttribute(gc, "LastGcInfo");
      return raw instanceof CompositeData cd ? GcInfo.from(cd) : null;
    } catch (JMException | IllegalArgumentException notHotSpot) {
      return null;
    }
  }

  private static MemoryUsage usage(Object compositeData) {
    return MemoryUsage.from((CompositeData) compositeData);
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  static boolean isOldPool(String name) {
    return name.contains("Old Gen") || name.contains("Tenured") || name.equals("old");
  }

  private static boolean isOldCollector(String n) {
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
