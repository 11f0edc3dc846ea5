package io.pipelineperf.simulations;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PLACEHOLDER until {@code io.pipelineperf.verify.MessageIds} lands: random (version 4) UUID text
 * from ThreadLocalRandom instead of {@code UUID.randomUUID()}'s SecureRandom, which cost a system
 * call per message. Not for security; collisions stay negligible for any realistic run.
 */
final class PlaceholderIds {

  private PlaceholderIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }
}
