package io.pipelineperf.monitor;

import io.pipelineperf.analysis.AssertionResult;
import java.util.List;

/**
 * The resource limits a run must keep, each with a threshold settable by system property:
 *
 * <ul>
 *   <li>{@code resources.maxMeanCpuPct} (80): service CPU mean over the measured phase, % of the
 *       machine
 *   <li>{@code resources.maxHeapMb} (2048): service peak heap used
 *   <li>{@code resources.maxPendingSeconds} (3): longest run of seconds with pool pending &gt; 0
 *   <li>{@code resources.maxLagDrainSeconds} (30): lag back to 0 after load ends (cool-down)
 * </ul>
 */
public final class ResourceAssertions {

  /** Limits; build from system properties or directly. */
  public record Thresholds(
      double maxMeanCpuPct, double maxHeapMb, double maxPendingSeconds, double maxLagDrainSeconds) {

    public static Thresholds defaults() {
      return new Thresholds(80, 2048, 3, 30);
    }

    /** Reads each -D override; a value that is not a non-negative number fails naming it. */
    public static Thresholds fromSystemProperties() {
      Thresholds d = defaults();
      return new Thresholds(
          number("resources.maxMeanCpuPct", d.maxMeanCpuPct()),
          number("resources.maxHeapMb", d.maxHeapMb()),
          number("resources.maxPendingSeconds", d.maxPendingSeconds()),
          number("resources.maxLagDrainSeconds", d.maxLagDrainSeconds()));
    }

    private static double number(String name, double defaultValue) {
      String raw = System.getProperty(name);
      if (raw == null || raw.isBlank()) {
        return defaultValue;
      }
      try {
        double v = Double.parseDouble(raw.strip());
        if (v >= 0 && Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          name
              + "="
              + raw
              + " is not a non-negative number; set e.g. -D"
              + name
              + "="
              + defaultValue);
    }
  }

  private ResourceAssertions() {}

  /** Checks against thresholds from system properties. */
  public static List<AssertionResult> check(ResourcesSummary summary) {
    return check(summary, Thresholds.fromSystemProperties());
  }

  public static List<AssertionResult> check(ResourcesSummary s, Thresholds t) {
    if (!poolSampled(s)) {
      // a service without the reference's pool metrics (a Connect sink, a Node.js consumer)
      return List.of(cpu(s, t), heap(s, t), lagDrain(s, t));
    }
    return List.of(cpu(s, t), heap(s, t), pending(s, t), lagDrain(s, t));
  }

  /**
   * Whether the service exports the pool figures at all: the reference service (its Micrometer
   * metrics) always does, so a missing pool there is still a failed check.
   */
  private static boolean poolSampled(ResourcesSummary s) {
    return s.pool().max() != null
        || s.pool().peakPending() != null
        || "service metrics".equals(s.cpu().source());
  }

  static AssertionResult cpu(ResourcesSummary s, Thresholds t) {
    Double mean = s.cpu().meanPct();
    String text =
        "service CPU mean over the " + s.cpu().over() + " phase < " + fmt(t.maxMeanCpuPct()) + " %";
    return new AssertionResult(
        withNoData(text, mean), mean != null && mean < t.maxMeanCpuPct(), mean, t.maxMeanCpuPct());
  }

  static AssertionResult heap(ResourcesSummary s, Thresholds t) {
    Long peak = s.heap().peakUsedBytes();
    Long rss = s.process() == null ? null : s.process().rssPeakBytes();
    if (peak == null && rss != null) {
      // not a JVM (or no JMX): its resident memory is what it holds
      double rssMb = SeriesMath.round(rss / (1024.0 * 1024.0), 1);
      return new AssertionResult(
          "service peak resident memory < " + fmt(t.maxHeapMb()) + " MB",
          rssMb < t.maxHeapMb(),
          rssMb,
          t.maxHeapMb());
    }
    Double peakMb = peak == null ? null : SeriesMath.round(peak / (1024.0 * 1024.0), 1);
    String text = "service peak heap used < " + fmt(t.maxHeapMb()) + " MB";
    return new AssertionResult(
        withNoData(text, peakMb), peakMb != null && peakMb < t.maxHeapMb(), peakMb, t.maxHeapMb());
  }

  static AssertionResult pending(ResourcesSummary s, Thresholds t) {
    Double longest = s.pool().longestPendingSeconds();
    String text =
        "DB pool pending > 0 for at most " + fmt(t.maxPendingSeconds()) + " consecutive seconds";
    return new AssertionResult(
        withNoData(text, longest),
        longest != null && longest <= t.maxPendingSeconds(),
        longest,
        t.maxPendingSeconds());
  }

  static AssertionResult lagDrain(ResourcesSummary s, Thresholds t) {
    ResourcesSummary.Lag lag = s.lag();
    String text =
        "consumer lag drained within " + fmt(t.maxLagDrainSeconds()) + " s after load ends";
    if (lag.peak() == null) {
      return new AssertionResult(
          text + " (no data: lag never sampled)", false, null, t.maxLagDrainSeconds());
    }
    if (lag.loadEndT() == null) {
      return new AssertionResult(
          text + " (no data: no '" + Phases.COOL_DOWN + "' phase marked)",
          false,
          null,
          t.maxLagDrainSeconds());
    }
    if (!Boolean.TRUE.equals(lag.drained())) {
      return new AssertionResult(
          text + " (not drained in the " + fmt(lag.watchedSeconds()) + " s watched)",
          false,
          null,
          t.maxLagDrainSeconds());
    }
    return new AssertionResult(
        text,
        lag.drainSeconds() <= t.maxLagDrainSeconds(),
        lag.drainSeconds(),
        t.maxLagDrainSeconds());
  }

  private static String withNoData(String text, Double actual) {
    return actual == null
        ? text
            + " (no data: metric never sampled; for a service the lab did not start give"
            + " -Dservice.pid= or -Dservice.jmx=)"
        : text;
  }

  private static String fmt(Double v) {
    if (v == null) {
      return "?";
    }
    return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
  }
}
