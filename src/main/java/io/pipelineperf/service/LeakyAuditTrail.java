package io.pipelineperf.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The planted {@code heap-leak}: an "audit trail" that keeps a record of every processed message in
 * a static list and never lets go. Its name is what the leak check's class histogram must point at.
 */
final class LeakyAuditTrail {

  /** One retained record: the leaking class the attribution names, holding its payload. */
  static final class Entry {
    private final byte[] payload;

    Entry(int bytes) {
      this.payload = new byte[bytes];
    }

    int size() {
      return payload.length;
    }
  }

  private static final List<Entry> TRAIL = new ArrayList<>();

  private LeakyAuditTrail() {}

  static void record(int messages, int bytesPerMessage) {
    synchronized (TRAIL) {
      for (int i = 0; i < messages; i++) {
        TRAIL.add(new Entry(bytesPerMessage));
      }
    }
  }

  static int size() {
    synchronized (TRAIL) {
      return TRAIL.size();
    }
  }
}
