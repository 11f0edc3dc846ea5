package io.pipelineperf.gatling;

/**
 * Wall-clock time in nanoseconds since the epoch, advancing with the monotonic clock: one time base
 * for intended send times, acknowledgements and outcomes, all in this JVM.
 */
public final class EpochNanos {

  private static final long BASE_EPOCH_NANOS = System.currentTimeMillis() * 1_000_000L;
  private static final long BASE_NANO_TIME = System.nanoTime();

  private EpochNanos() {}

  public static long now() {
    return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO_TIME);
  }

  public static long toMillis(long epochNanos) {
    return epochNanos / 1_000_000L;
  }
}
