package io.pipelineperf.analysis;

/** The leak check's verdict on one signal (heap, threads, file descriptors) or on the run. */
public enum LeakVerdict {
  /** Grew during the measured phase and did not level off (and, for the heap, stayed after GC). */
  LEAK,
  /** Flat, or grew and then levelled off. */
  STABLE,
  /** Too few points to tell (say a run too short for enough GC cycles): not a pass. */
  INCONCLUSIVE
}
