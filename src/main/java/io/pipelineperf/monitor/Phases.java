package io.pipelineperf.monitor;

/** Phase names understood by {@link ResourcesSummary} and {@link ResourceAssertions}. */
public final class Phases {
  /** Before the first {@link Monitor#mark}. */
  public static final String SETUP = "setup";

  public static final String WARM_UP = "warm-up";
  public static final String RAMP = "ramp";

  /** Service CPU mean and GC share are computed over this phase. */
  public static final String MEASURED = "measured";

  /** Load has stopped: its first sample is the load end from which lag drain time is measured. */
  public static final String COOL_DOWN = "cool-down";

  private Phases() {}
}
