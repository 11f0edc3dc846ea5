package io.pipelineperf.analysis;

import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Did the service give back what the load took? Compares each resource of the service after the
 * load drained with its baseline before the load, within a tolerance: threads, open file
 * descriptors (from JMX, else from the service's own metrics), its PostgreSQL sessions ({@code
 * db.serviceSessions}, pg_stat_activity by application_name) and the pool's active connections.
 *
 * <p>Baseline: the median of the first {@value #POINTS} samples that have the signal (the monitor
 * starts with the load, so these are its first seconds). After: the minimum of the last {@value
 * #POINTS} samples taken after the drain, so that a thread or socket that is just closing does not
 * count; a leak never goes down, so the minimum still holds it. A signal without samples on either
 * side is not judged (reported with a reason).
 */
public final class CleanupCheck {

  public static final int POINTS = 3;

  /** One signal: its display name, the sample keys to read (first present wins), the tolerance. */
  record Signal(String name, List<String> keys, double tolerance) {}

  /**
   * Allowed growth after the drain, each a {@code -Dcleanup.*} property: {@code threads} (5),
   * {@code fds} (10), {@code sessions} (2), {@code poolActive} (0). See the README's "Memory leaks"
   * for what the clean service showed.
   */
  public record Tolerances(double threads, double fds, double sessions, double poolActive) {

    public static Tolerances defaults() {
      return new Tolerances(5, 10, 2, 0);
    }

    public static Tolerances fromSystemProperties() {
      Tolerances d = defaults();
      return new Tolerances(
          NumberProperties.nonNegative("cleanup.threads", d.threads()),
          NumberProperties.nonNegative("cleanup.fds", d.fds()),
          NumberProperties.nonNegative("cleanup.sessions", d.sessions()),
          NumberProperties.nonNegative("cleanup.poolActive", d.poolActive()));
    }

    List<Signal> signals() {
      return List.of(
          // the last source, /proc by pid, serves any service on this host (no JVM needed)
          new Signal(
              "threads",
              List.of("jmx.threads.live", "svc.threads.live", "svc.proc.threads"),
              threads),
          new Signal("fileDescriptors", List.of("jmx.fd.open", "svc.fd.open", "svc.proc.fds"), fds),
          new Signal("dbSessions", List.of("db.serviceSessions"), sessions),
          new Signal("poolActive", List.of("pool.active"), poolActive));
    }
  }

  private CleanupCheck() {}

  /**
   * @param samples the run's samples in time order
   * @param drainedAtMs when the load had drained (epoch ms): "after" samples are taken from then on
   */
  public static CleanupReport evaluate(
      List<Sample> samples, long drainedAtMs, Tolerances tolerances) {
    List<CleanupReport.Entry> entries = new ArrayList<>();
    for (Signal signal : tolerances.signals()) {
      entries.add(entry(signal, samples, drainedAtMs));
    }
    return new CleanupReport(entries);
  }

  private static CleanupReport.Entry entry(Signal signal, List<Sample> samples, long drainedAtMs) {
    String key = signal.keys().stream().filter(k -> has(samples, k)).findFirst().orElse(null);
    if (key == null) {
      return CleanupReport.Entry.notMeasured(signal.name(), signal.tolerance(), "not sampled");
    }
    List<Double> first = new ArrayList<>();
    for (Sample s : samples) {
      if (s.get(key) != null && first.size() < POINTS) {
        first.add(s.get(key));
      }
    }
    List<Double> last = new ArrayList<>();
    for (int i = samples.size() - 1; i >= 0 && last.size() < POINTS; i--) {
      Sample s = samples.get(i);
      if (s.t() < drainedAtMs) {
        break;
      }
      if (s.get(key) != null) {
        last.add(s.get(key));
      }
    }
    if (last.isEmpty()) {
      return CleanupReport.Entry.notMeasured(
          signal.name(), signal.tolerance(), "no sample of " + key + " after the drain");
    }
    double baseline = median(first);
    double after = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    return CleanupReport.Entry.judged(signal.name(), key, baseline, after, signal.tolerance());
  }

  private static boolean has(List<Sample> samples, String key) {
    return samples.stream().anyMatch(s -> s.get(key) != null);
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
