package io.pipelineperf.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service JVM's native memory by NMT category, over remote JMX: {@code VM.native_memory
 * summary} through the {@code com.sun.management:type=DiagnosticCommand} MBean ({@code
 * vmNativeMemory}), parsed by {@link NativeMemory}. Keys: {@code jmx.nmt.total.committed.bytes},
 * {@code jmx.nmt.nonHeap.committed.bytes} (the total without the Java heap), {@code
 * jmx.nmt.signal.committed.bytes} (the native-memory leak signal: the total without the heap, the
 * JIT's, JFR's and NMT's own categories, {@link NativeMemory#NOT_JUDGED}), {@code
 * jmx.nmt.<Category>.committed.bytes} ({@link NativeMemory#key}) and {@code jmx.nmt.enabled} (1, or
 * 0 for a JVM without NMT).
 *
 * <p>Every {@code -Dmonitor.nmtIntervalMs} (2000), not every tick. Cost, measured on this 2-core
 * machine (OpenJDK 17, a JVM of ~70 threads): {@code summary} takes ~0.11 ms of CPU in the sampled
 * JVM (0.10 ms on JDK 25), no safepoint ({@code -Xlog:safepoint} showed none over 1550 calls); over
 * RMI a call costs the sampled JVM's RMI thread ~0.35 ms of CPU against ~0.25 ms for reading one
 * plain attribute, ~2 ms wall. At one call per 2 s that is under 0.02 % of a core. What all JMX
 * sampling costs the service in a run is in summary.json, {@code resources.service} ({@link
 * ThreadGroupCpu} of the service's RMI and JMX threads).
 *
 * <p>A JVM started without {@code -XX:NativeMemoryTracking=summary} (or {@code detail}) is named
 * once, and is not asked again: the lab starts the reference service and the Connect worker with
 * it; an external JVM ({@code -Dservice.jmx=}) needs it on its own command line.
 */
public final class NativeMemorySampler implements Sampler {

  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  static final String PREFIX = "jmx.nmt.";
  public static final String TOTAL_KEY = PREFIX + "total.committed.bytes";
  public static final String NON_HEAP_KEY = PREFIX + "nonHeap.committed.bytes";
  public static final String SIGNAL_KEY = PREFIX + "signal.committed.bytes";
  public static final String ENABLED_KEY = PREFIX + "enabled";
  public static final String NOT_ENABLED_ADVICE =
      "NMT not enabled (start the JVM with -XX:NativeMemoryTracking=summary)";

  private static final long SLACK_NANOS = 250_000_000L;
  private static final ObjectName DIAGNOSTIC = diagnostic();
  private static final String[] SIGNATURE = {String[].class.getName()};

  private final JmxConnection connection;
  private final long intervalNanos;
  private long lastCallNanos;
  private boolean called;
  private volatile boolean unavailable;

  public NativeMemorySampler(String address, Duration timeout) {
    this(
        address,
        timeout,
        Duration.ofMillis(MonitorConfig.longProperty("monitor.nmtIntervalMs", 2000)));
  }

  NativeMemorySampler(String address, Duration timeout, Duration interval) {
    this.connection = new JmxConnection(address, timeout.toMillis());
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public String name() {
    return "service native memory";
  }

  @Override
  public String source() {
    return "jmx://" + connection.address() + " VM.native_memory";
  }

  /** False once the JVM answered that it runs without NMT (or has no DiagnosticCommand MBean). */
  public boolean available() {
    return !unavailable;
  }

  @Override
  public void sample(Map<String, Double> into) throws IOException {
    if (unavailable) {
      into.put(ENABLED_KEY, 0.0);
      return;
    }
    long now = System.nanoTime();
    // ticks come a second apart give or take a few ms: a little slack keeps "every 2 s" at 2 s
    if (called && now - lastCallNanos < intervalNanos - SLACK_NANOS) {
      return;
    }
    called = true;
    lastCallNanos = now;
    String text;
    try {
      text = summary(connection.get());
    } catch (InstanceNotFoundException notHotSpot) {
      disable("no DiagnosticCommand MBean (not a HotSpot JVM): no native-memory signal");
      into.put(ENABLED_KEY, 0.0);
      return;
    } catch (JMException e) {
      connection.reset();
      throw new IOException("VM.native_memory over JMX failed: " + e, e);
    } catch (IOException | RuntimeException e) {
      connection.reset();
      throw e;
    }
    Optional<NativeMemory> nmt = NativeMemory.parse(text);
    if (nmt.isEmpty()) {
      disable(
          NativeMemory.notEnabled(text)
              ? NOT_ENABLED_ADVICE + ": no native-memory signal"
              : "VM.native_memory answered no summary ("
                  + firstLine(text)
                  + "): no native-memory signal");
      into.put(ENABLED_KEY, 0.0);
      return;
    }
    put(nmt.get(), into);
  }

  /** The keys of one summary. */
  static void put(NativeMemory nmt, Map<String, Double> into) {
    into.put(ENABLED_KEY, 1.0);
    into.put(TOTAL_KEY, (double) nmt.committedBytes());
    into.put(NON_HEAP_KEY, (double) nmt.nonHeapCommittedBytes());
    into.put(SIGNAL_KEY, (double) nmt.signalCommittedBytes());
    for (NativeMemory.Category c : nmt.categories().values()) {
      into.put(
          PREFIX + NativeMemory.key(c.name()) + ".committed.bytes", (double) c.committedBytes());
    }
  }

  private void disable(String why) {
    unavailable = true;
    LOG.warn("monitor: service JVM at {}: {}", connection.address(), why);
  }

  /** {@code VM.native_memory <args>} through the DiagnosticCommand MBean. */
  static String vmNativeMemory(MBeanServerConnection mbs, String... args)
      throws IOException, JMException {
    return String.valueOf(mbs.invoke(DIAGNOSTIC, "vmNativeMemory", new Object[] {args}, SIGNATURE));
  }

  private static String summary(MBeanServerConnection mbs) throws IOException, JMException {
    return vmNativeMemory(mbs, "summary");
  }

  private static String firstLine(String text) {
    String t = text == null ? "" : text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  private static ObjectName diagnostic() {
    try {
      return new ObjectName("com.sun.management:type=DiagnosticCommand");
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
