package io.pipelineperf.faults;

import java.util.Map;
import java.util.Optional;

/**
 * What a fault that deletes the input (a topic, with its data) saw of the service's progress when
 * it did: the service group's committed offset of each partition, read with the AdminClient right
 * before the deletion (and once more right after it, where the broker still had them; the larger
 * one counts). An acknowledged message of that topic at or beyond its partition's committed offset
 * had not been consumed-and-committed by the service: it is provably gone with the topic. Anything
 * below had been consumed, so if it is missing the service lost it.
 *
 * @param faultId the fault that deleted it
 * @param committedOffsets partition to committed offset; a partition absent here had none (all of
 *     it unconsumed); empty when {@code offsetsKnown} is false
 * @param offsetsKnown false when the offsets could not be read (or the group had none on the topic
 *     at all, e.g. a wrong group name): then nothing can be proven destroyed
 * @param deletedAtMs when the deletion was requested (epoch ms)
 * @param recreatedAtMs when the heal started recreating the topic, null before that: messages
 *     acknowledged from then on are in the new topic
 */
public record DeletedInput(
    String faultId,
    String topic,
    String group,
    Map<Integer, Long> committedOffsets,
    boolean offsetsKnown,
    long deletedAtMs,
    Long recreatedAtMs) {

  public DeletedInput {
    committedOffsets = Map.copyOf(committedOffsets);
  }

  public DeletedInput recreated(long atMs) {
    return new DeletedInput(
        faultId, topic, group, committedOffsets, offsetsKnown, deletedAtMs, atMs);
  }

  /**
   * Whether a message acknowledged at {@code ackEpochMs} at {@code partition} / {@code offset} of
   * this topic went with it: acknowledged before the recreation, at or beyond the committed offset.
   */
  public boolean destroyed(int partition, long offset, long ackEpochMs) {
    if (!offsetsKnown || partition < 0 || offset < 0) {
      return false;
    }
    if (recreatedAtMs != null && ackEpochMs >= recreatedAtMs) {
      return false;
    }
    return offset >= Optional.ofNullable(committedOffsets.get(partition)).orElse(0L);
  }
}
