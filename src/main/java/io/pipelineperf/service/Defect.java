package io.pipelineperf.service;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Defects that can be planted on purpose so the lab can prove its checks catch them. */
public enum Defect {
  /** Offsets are committed right after poll, before the DB write: a crash loses the batch. */
  COMMIT_BEFORE_WRITE("commit-before-write"),
  /** The procedure is called with p_idempotent=false: redelivery writes duplicates. */
  NO_IDEMPOTENCY("no-idempotency"),
  /** A transient DB error drops the batch (offsets committed): messages are lost. */
  NO_RETRY("no-retry"),
  /** On the DB error path the connection is not returned to the pool. */
  CONNECTION_LEAK("connection-leak"),
  /**
   * defect.cpuHogThreads background threads (default: one per core) burn CPU, so the service uses
   * (nearly) the whole machine.
   */
  CPU_HOG("cpu-hog"),
  /** A background thread retains defect.memoryHogMbPerSec MB per second until the JVM dies. */
  MEMORY_HOG("memory-hog"),
  /** Every processed message leaves defect.leakBytesPerMessage bytes in {@link LeakyAuditTrail}. */
  HEAP_LEAK("heap-leak"),
  /** Every defect.threadLeakEveryBatches-th batch starts a parked thread that never ends. */
  THREAD_LEAK("thread-leak"),
  /**
   * Every defect.fdLeakEveryMessages processed messages a file (/dev/null) is opened, never closed.
   */
  FD_LEAK("fd-leak"),
  /**
   * Every defect.sessionLeakEveryMessages processed messages a PostgreSQL connection is opened
   * outside the pool (same ApplicationName as the pool's), never closed (at most
   * defect.sessionLeakMax).
   */
  SESSION_LEAK("session-leak"),
  /**
   * Every processed message leaves defect.nativeLeakBytesPerMessage bytes of native memory (direct
   * buffers, see {@link LeakyNativeBuffers}), at most defect.nativeLeakMaxMb.
   */
  NATIVE_LEAK("native-leak"),
  /**
   * Messages are cached up to defect.cacheEntries entries (then the oldest is evicted): the heap
   * grows, then levels off. Not a leak: the true negative of the leak check.
   */
  BOUNDED_CACHE("bounded-cache"),
  /**
   * Every batch's DB transaction is held defect.slowWriteMs longer (a sleep before the commit): the
   * planted slowdown the benchmark's regression gate must flag.
   */
  SLOW_WRITE("slow-write");

  private final String configName;

  Defect(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** Parses a comma list such as {@code "no-idempotency, cpu-hog"}; blank means none. */
  public static Set<Defect> parseList(String value) {
    Set<Defect> defects = EnumSet.noneOf(Defect.class);
    if (value == null || value.isBlank()) {
      return defects;
    }
    for (String raw : value.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      defects.add(
          Arrays.stream(values())
              .filter(d -> d.configName.equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "defect contains unknown name '"
                              + name
                              + "': use a comma list of "
                              + knownNames()
                              + " (or leave it unset)")));
    }
    return defects;
  }

  static String knownNames() {
    return Arrays.stream(values()).map(Defect::configName).collect(Collectors.joining(", "));
  }
}
