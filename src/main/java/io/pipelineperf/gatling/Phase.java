package io.pipelineperf.gatling;

/**
 * The part of a load profile a message belongs to. Warm-up and ramp messages are recorded under
 * their own request names so that assertions judge the measured phase only.
 */
public enum Phase {
  WARMUP("warmup "),
  RAMP("ramp "),
  MEASURED("");

  private final String prefix;

  Phase(String prefix) {
    this.prefix = prefix;
  }

  /** The request name of an action in this phase, e.g. "warmup send". */
  public String requestName(String base) {
    return prefix + base;
  }
}
