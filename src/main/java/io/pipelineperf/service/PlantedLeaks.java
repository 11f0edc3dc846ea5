package io.pipelineperf.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The planted resource defects that act per processed batch: {@code heap-leak}, {@code
 * thread-leak}, {@code fd-leak}, {@code session-leak}, {@code native-leak} and {@code
 * bounded-cache} (see {@link Defect}). Off unless the defect is named.
 *
 * <p>Knobs (system properties of the service): {@code defect.leakBytesPerMessage} (512: at 1500
 * msg/s about 2.7 GB/hour, ~30 MB in a 40 s measured phase: far above the few MB of noise in G1's
 * after-GC points, and a 160 MB heap survives two minutes of it), {@code
 * defect.threadLeakEveryBatches} (20), {@code defect.cacheEntries} (20000) and {@code
 * defect.cacheEntryBytes} (1024): the cache holds about 20 MB once full.
 *
 * <p>The fd and session leaks count processed messages, not batches: batch sizes vary tenfold with
 * the machine's load (a service that falls behind polls batches of hundreds), messages do not.
 * {@code defect.fdLeakEveryMessages} (200: 7.5 files a second at 1500 msg/s, 360 in a
 * LeakSimulation run of 72000 messages, far below any fd limit; fast enough that a socket closing
 * now and then does not hide the rise), {@code defect.sessionLeakEveryMessages} (1000: 1.5 sessions
 * a second, 72 in such a run) and {@code defect.sessionLeakMax} (100: with the pool's 10 and the
 * lab's own few sessions, well below the embedded server's max_connections of 200).
 *
 * <p>{@code defect.nativeLeakBytesPerMessage} (1024: at 1500 msg/s ~5.3 GB/hour of native memory,
 * ~70 MB in a LeakDetectionIT run of 72000 messages, far above the few MB by which the clean
 * service's NMT total moves) and {@code defect.nativeLeakMaxMb} (three quarters of the maximum
 * heap, which is also the default limit of direct memory: 120 MB on LeakSimulation's 160 MB heap).
 */
final class PlantedLeaks {

  private final int leakBytesPerMessage;
  private final int threadEveryBatches;
  private final int fdEveryMessages;
  private final int sessionEveryMessages;
  private final LeakedHandles handles;
  private final LeakyNativeBuffers nativeBuffers;
  private final Map<Long, byte[]> cache;
  private final int cacheEntryBytes;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong cached = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();

  PlantedLeaks(
      Set<Defect> defects,
      int leakBytesPerMessage,
      int threadEveryBatches,
      int cacheEntries,
      int cacheEntryBytes,
      int fdEveryMessages,
      int sessionEveryMessages,
      LeakedHandles handles) {
    this(
        defects,
        leakBytesPerMessage,
        threadEveryBatches,
        cacheEntries,
        cacheEntryBytes,
        fdEveryMessages,
        sessionEveryMessages,
        handles,
        null);
  }

  /**
   * @param nativeBuffers the native leak's buffers, used when {@code native-leak} is named
   */
  PlantedLeaks(
      Set<Defect> defects,
      int leakBytesPerMessage,
      int threadEveryBatches,
      int cacheEntries,
      int cacheEntryBytes,
      int fdEveryMessages,
      int sessionEveryMessages,
      LeakedHandles handles,
      LeakyNativeBuffers nativeBuffers) {
    this.nativeBuffers = defects.contains(Defect.NATIVE_LEAK) ? nativeBuffers : null;
    this.leakBytesPerMessage = defects.contains(Defect.HEAP_LEAK) ? leakBytesPerMessage : 0;
    this.threadEveryBatches = defects.contains(Defect.THREAD_LEAK) ? threadEveryBatches : 0;
    this.fdEveryMessages = defects.contains(Defect.FD_LEAK) ? fdEveryMessages : 0;
    this.sessionEveryMessages = defects.contains(Defect.SESSION_LEAK) ? sessionEveryMessages : 0;
    this.handles = handles;
    this.cacheEntryBytes = cacheEntryBytes;
    this.cache = defects.contains(Defect.BOUNDED_CACHE) ? new BoundedMap(cacheEntries) : null;
  }

  /**
   * @param sessions opens a connection outside the pool, as the service (for {@code session-leak})
   */
  static PlantedLeaks fromSystemProperties(
      Set<Defect> defects, LeakedHandles.SessionOpener sessions) {
    return new PlantedLeaks(
        defects,
        positive("defect.leakBytesPerMessage", 512),
        positive("defect.threadLeakEveryBatches", 20),
        positive("defect.cacheEntries", 20_000),
        positive("defect.cacheEntryBytes", 1024),
        positive("defect.fdLeakEveryMessages", 200),
        positive("defect.sessionLeakEveryMessages", 1000),
        new LeakedHandles(sessions, positive("defect.sessionLeakMax", 100)),
        new LeakyNativeBuffers(
            positive("defect.nativeLeakBytesPerMessage", 1024),
            positive(
                    "defect.nativeLeakMaxMb",
                    (int) Math.max(1, Runtime.getRuntime().maxMemory() * 3 / 4 / (1024 * 1024)))
                * 1024L
                * 1024));
  }

  void afterBatch(List<Message> processed) {
    if (leakBytesPerMessage > 0) {
      LeakyAuditTrail.record(processed.size(), leakBytesPerMessage);
    }
    if (nativeBuffers != null) {
      nativeBuffers.record(processed.size());
    }
    long batch = batches.incrementAndGet();
    if (threadEveryBatches > 0 && batch % threadEveryBatches == 0) {
      Thread t = new Thread(PlantedLeaks::parkForever, "leaked-worker-" + batch);
      t.setDaemon(true);
      t.start();
    }
    long after = messages.addAndGet(processed.size());
    long before = after - processed.size();
    for (long i = crossings(before, after, fdEveryMessages); i > 0; i--) {
      handles.openFile();
    }
    for (long i = crossings(before, after, sessionEveryMessages); i > 0; i--) {
      handles.openSession();
    }
    if (cache != null) {
      synchronized (cache) {
        for (int i = 0; i < processed.size(); i++) {
          cache.put(cached.incrementAndGet(), new byte[cacheEntryBytes]);
        }
      }
    }
  }

  LeakedHandles handles() {
    return handles;
  }

  /** Native bytes the native leak has kept (0 when off). */
  long nativeBytesKept() {
    return nativeBuffers == null ? 0 : nativeBuffers.keptBytes();
  }

  /** How many multiples of {@code every} the message count passed (0 when the leak is off). */
  static long crossings(long before, long after, int every) {
    return every <= 0 ? 0 : after / every - before / every;
  }

  private static void parkForever() {
    while (true) {
      LockSupport.park();
    }
  }

  private static int positive(String name, int defaultValue) {
    String raw = System.getProperty(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      int v = Integer.parseInt(raw.strip());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        name + "=" + raw + " is not a positive whole number; e.g. " + name + "=" + defaultValue);
  }

  /** Insertion-ordered, evicting the eldest entry beyond its bound. */
  private static final class BoundedMap extends LinkedHashMap<Long, byte[]> {
    private final int bound;

    BoundedMap(int bound) {
      this.bound = bound;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > bound;
    }
  }
}
