package io.pipelineperf.faults;

import java.util.List;
import java.util.Optional;

/**
 * One injectable fault. {@link #inject()} starts it, {@link #heal()} ends it; heal is idempotent,
 * bounded in time and safe to call when inject failed half-way or never ran.
 */
public interface Fault {
  /** Stable identifier, e.g. {@code db-deadlock}. */
  String id();

  /** What the fault does to the system, in one or two sentences. */
  String description();

  /** What "the system under test handled it" means for this fault. */
  String handledMeans();

  void inject();

  void heal();

  /** Empty when this machine (and target) can inject the fault, else why not. */
  Optional<String> skipReason();

  /**
   * What the fault destroyed of the input, once injected: a deleted topic takes its unconsumed
   * messages with it; those are the fault's loss, not the service's, and a fault run counts them
   * apart ({@link DeletedInput#destroyed}). Empty for every fault that destroys nothing.
   */
  default List<DeletedInput> deletedInputs() {
    return List.of();
  }
}
