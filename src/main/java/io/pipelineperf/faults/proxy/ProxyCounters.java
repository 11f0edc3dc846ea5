package io.pipelineperf.faults.proxy;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link ProxyStats}; written by event loops, read by anyone. */
final class ProxyCounters {
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong active = new AtomicLong();
  final AtomicLong cut = new AtomicLong();
  final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong[] received = {new AtomicLong(), new AtomicLong()};
  private final AtomicLong[] sent = {new AtomicLong(), new AtomicLong()};

  void received(Direction direction, long bytes) {
    received[direction.ordinal()].addAndGet(bytes);
  }

  void sent(Direction direction, long bytes) {
    sent[direction.ordinal()].addAndGet(bytes);
  }

  ProxyStats snapshot() {
    return new ProxyStats(
        accepted.get(),
        active.get(),
        cut.get(),
        connectFailures.get(),
        direction(Direction.UPSTREAM),
        direction(Direction.DOWNSTREAM));
  }

  private ProxyStats.DirectionStats direction(Direction direction) {
    int i = direction.ordinal();
    return new ProxyStats.DirectionStats(received[i].get(), sent[i].get());
  }
}
