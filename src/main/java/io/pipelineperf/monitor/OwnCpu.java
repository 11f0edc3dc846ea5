package io.pipelineperf.monitor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the monitor's own cost: CPU time of the threads it created plus the Kafka admin client's
 * network thread (named after the monitor's client id).
 */
final class OwnCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String prefix;
  private final Map<Long, Long> lastCpuNanosByThread = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private long previousTotal;
  private long previousWall = System.nanoTime();
  private int searches;

  OwnCpu(String prefix) {
    this.prefix = prefix;
  }

  /** Daemon threads named {@code <prefix>-<name>}, whose CPU time is counted. */
  ThreadFactory threads(String name) {
    return runnable -> {
      Thread t =
          new Thread(
              runnable, prefix + "-" + name.replace(' ', '-') + "-" + counter.incrementAndGet());
      t.setDaemon(true);
      lastCpuNanosByThread.put(t.getId(), 0L);
      return t;
    };
  }

  /** Adds mon.cpu.pct (of one core, since the previous call) and mon.cpu.ms (cumulative). */
  void sampleInto(Map<String, Double> values) {
    if (!THREADS.isThreadCpuTimeSupported()) {
      return;
    }
    long total = totalNanos();
    long wall = System.nanoTime();
    if (wall > previousWall) {
      values.put("mon.cpu.pct", 100.0 * (total - previousTotal) / (wall - previousWall));
    }
    values.put("mon.cpu.ms", total / 1e6);
    previousTotal = total;
    previousWall = wall;
  }

  /** CPU nanoseconds of all own threads so far (threads that ended keep their last reading). */
  long totalNanos() {
    // the admin client (and its thread) is recreated after a broker outage: look again now and
    // then; a thread that ended keeps its last reading
    if (searches++ % 30 == 0) {
      findAdminClientThread();
    }
    long sum = 0;
    for (Map.Entry<Long, Long> e : lastCpuNanosByThread.entrySet()) {
      long now = THREADS.getThreadCpuTime(e.getKey());
      if (now > e.getValue()) {
        e.setValue(now);
      }
      sum += e.getValue();
    }
    return sum;
  }

  // The admin client starts its own network thread "kafka-admin-client-thread | <client id>".
  private void findAdminClientThread() {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().endsWith("| " + prefix)) {
        lastCpuNanosByThread.putIfAbsent(info.getThreadId(), 0L);
      }
    }
  }
}
