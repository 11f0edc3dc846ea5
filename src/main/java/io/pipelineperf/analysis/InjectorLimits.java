package io.pipelineperf.analysis;

/**
 * How far the load generator may fall behind before a run is INVALID. Each can be set with a system
 * property, e.g. {@code -Dinjector.maxSchedulingDelayP99Ms=20}.
 *
 * @param schedulingDelayP99Ms p99 of (actual send start − due time), measured phase. Default 25 ms,
 *     a quarter of the default e2e p95 limit: the delay is inside every e2e latency (they count
 *     from the due time), so it invalidates a verdict once it is a sizeable part of the limit. With
 *     the whole stack on 2 cores at ~80 % CPU the default run's p99 was 18-20 ms, from the OS run
 *     queue, not from an injector that fell behind.
 * @param watcherLagP99Ms p99 of how far the outcome watcher was behind the outcomes topic after
 *     each poll, in milliseconds of the offered rate
 * @param cpuMeanPct the load generator JVM's mean CPU over the measured phase, % of all cores
 */
public record InjectorLimits(
    double schedulingDelayP99Ms, double watcherLagP99Ms, double cpuMeanPct) {

  public static InjectorLimits defaults() {
    return new InjectorLimits(25, 50, 90);
  }

  public static InjectorLimits fromSystemProperties() {
    InjectorLimits d = defaults();
    return new InjectorLimits(
        NumberProperties.positive("injector.maxSchedulingDelayP99Ms", d.schedulingDelayP99Ms),
        NumberProperties.positive("injector.maxWatcherLagP99Ms", d.watcherLagP99Ms),
        NumberProperties.positive("injector.maxCpuPct", d.cpuMeanPct));
  }
}
