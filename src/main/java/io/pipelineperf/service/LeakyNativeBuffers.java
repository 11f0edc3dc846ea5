package io.pipelineperf.service;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planted {@code native-leak}: native memory taken for every processed message and never given
 * back. The bytes of each message add up, and each full {@value #CHUNK_BYTES}-byte chunk becomes a
 * direct buffer ({@code ByteBuffer.allocateDirect}) kept in a static list. Chunks rather than one
 * buffer per message: the heap keeps only one small buffer object per chunk (~0.1 KB per 64 KiB),
 * so this leak is native, not a heap leak.
 *
 * <p>Where it shows: NMT's category {@code Other} (direct buffers are {@code Unsafe} memory, malloc
 * tagged {@code mtOther}), hence the native signal (NMT committed outside the Java heap); resident
 * memory (the buffer is zeroed at allocation, so its pages are touched); and the JVM's {@code
 * direct} buffer pool ({@code jmx.buffer.direct.bytes}).
 *
 * <p>Direct memory is bounded by {@code -XX:MaxDirectMemorySize}, by default the maximum heap: a
 * real leak of this kind ends in {@code OutOfMemoryError: Direct buffer memory}. The planted one
 * stops at {@code maxBytes} instead (logged once), so that a soak with it does not kill the
 * service: from there on it is flat.
 */
final class LeakyNativeBuffers {

  private static final Logger log = LoggerFactory.getLogger(LeakyNativeBuffers.class);

  static final int CHUNK_BYTES = 64 * 1024;

  private static final List<ByteBuffer> KEPT = new ArrayList<>();

  private final int bytesPerMessage;
  private final long maxBytes;
  private long pending;
  private long kept;
  private boolean capped;

  LeakyNativeBuffers(int bytesPerMessage, long maxBytes) {
    this.bytesPerMessage = bytesPerMessage;
    this.maxBytes = maxBytes;
  }

  synchronized void record(int messages) {
    pending += (long) messages * bytesPerMessage;
    while (pending >= CHUNK_BYTES) {
      if (kept + CHUNK_BYTES > maxBytes) {
        if (!capped) {
          capped = true;
          log.warn(
              "native-leak: {} MB kept, the cap (defect.nativeLeakMaxMb): no more is kept; a real"
                  + " leak would now fail with OutOfMemoryError: Direct buffer memory",
              kept / (1024 * 1024));
        }
        pending = 0;
        return;
      }
      ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
      synchronized (KEPT) {
        KEPT.add(chunk);
      }
      kept += CHUNK_BYTES;
      pending -= CHUNK_BYTES;
    }
  }

  /** Bytes this instance has kept. */
  synchronized long keptBytes() {
    return kept;
  }
}
