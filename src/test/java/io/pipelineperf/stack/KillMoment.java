package io.pipelineperf.stack;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A component killed (or stopped) under a running {@link PipelineLoad}: the ids Kafka had
 * acknowledged just before, and the wall-clock instants just before the signal and once the process
 * was gone. Together with each id's first write time ({@code processed_at}, the start of the
 * writing transaction) this tells, after the fact, what was in flight at the kill.
 */
record KillMoment(Set<UUID> ackedBefore, Instant before, Instant after) {

  /** What a kill action that returns once the process is gone did to a load. */
  static KillMoment of(PipelineLoad load, Runnable kill) {
    Set<UUID> acked = load.ackedSoFar();
    Instant before = Instant.now();
    kill.run();
    return new KillMoment(acked, before, Instant.now());
  }

  /**
   * Ids of the load written by a transaction that began before the kill: the service had started
   * writing this load.
   */
  long writtenBefore(Map<UUID, Instant> firstWrittenAt) {
    return firstWrittenAt.values().stream().filter(t -> t.isBefore(before)).count();
  }

  /**
   * Ids acknowledged before the kill that had no row written by a transaction begun before {@code
   * by}: acknowledged but not processed at that moment. With {@code by} = {@link #after()} this is
   * strict for a SIGKILL (nothing of the dead process commits later); for a graceful stop pass
   * {@link #before()}, the moment the stop was asked for.
   */
  long notWrittenBy(Instant by, Map<UUID, Instant> firstWrittenAt) {
    return ackedBefore.stream()
        .filter(id -> !firstWrittenAt.containsKey(id) || !firstWrittenAt.get(id).isBefore(by))
        .count();
  }

  /** Acknowledged ids of the whole load that came after the kill: the load went on. */
  long ackedAfter(Collection<UUID> allAcked) {
    return allAcked.stream().filter(id -> !ackedBefore.contains(id)).count();
  }
}
