package io.pipelineperf.bench;

import io.pipelineperf.monitor.Phases;
import io.pipelineperf.monitor.Sample;
import io.pipelineperf.monitor.TimeSeriesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The CPU and memory of each component over one step's measured phase: CPU seconds, cores used and
 * microseconds of CPU per message (the growth of the component's cumulative CPU time between the
 * phase's first and last moment, interpolated between samples, divided by the messages of the phase
 * at the achieved rate), and the memory at the last sample of the phase. Components: {@value
 * #SERVICE}, {@value #BROKER}, {@value #POSTGRES} (the postmaster and all its children), {@value
 * #INJECTOR} (the Gatling JVM) and {@value #HOST} (the whole machine's busy CPU time).
 */
public record ComponentUsage(double seconds, double messages, Map<String, Component> components) {

  public static final String SERVICE = "service";
  public static final String BROKER = "broker";
  public static final String POSTGRES = "postgres";
  public static final String INJECTOR = "injector";
  public static final String HOST = "host";

  /** One component: CPU over the window and memory at its end (null: not sampled). */
  public record Component(
      double cpuSeconds, double coresUsed, Double cpuUsPerMessage, Long memBytes) {}

  public ComponentUsage {
    components = new LinkedHashMap<>(components);
  }

  public Double cpuUsPerMessage(String component) {
    Component c = components.get(component);
    return c == null ? null : c.cpuUsPerMessage();
  }

  public Double coresUsed(String component) {
    Component c = components.get(component);
    return c == null ? null : c.coresUsed();
  }

  public Long memBytes(String component) {
    Component c = components.get(component);
    return c == null ? null : c.memBytes();
  }

  /**
   * The usage between {@code fromMs} and {@code toMs} (epoch ms) at {@code msgPerSec}; null when
   * the window is empty or no component has two samples around it.
   */
  public static ComponentUsage between(
      List<ComponentSample> samples, long fromMs, long toMs, double msgPerSec) {
    if (toMs <= fromMs) {
      return null;
    }
    double seconds = (toMs - fromMs) / 1000.0;
    double messages = msgPerSec > 0 ? msgPerSec * seconds : 0;
    TreeSet<String> names = new TreeSet<>();
    samples.forEach(s -> names.addAll(s.cpuSeconds().keySet()));
    Map<String, Component> components = new LinkedHashMap<>();
    for (String name : names) {
      Optional<Double> from = cpuAt(samples, name, fromMs);
      Optional<Double> to = cpuAt(samples, name, toMs);
      if (from.isEmpty() || to.isEmpty()) {
        continue;
      }
      double cpu = Math.max(0, to.get() - from.get());
      components.put(
          name,
          new Component(
              cpu,
              cpu / seconds,
              messages > 0 ? cpu * 1e6 / messages : null,
              memoryAt(samples, name, toMs)));
    }
    return components.isEmpty() ? null : new ComponentUsage(seconds, messages, components);
  }

  /**
   * The cumulative CPU of a component at {@code t}, interpolated between the samples around it;
   * empty when the component was not sampled on both sides of (or at) {@code t}.
   */
  static Optional<Double> cpuAt(List<ComponentSample> samples, String name, long t) {
    ComponentSample before = null;
    ComponentSample after = null;
    for (ComponentSample s : samples) {
      if (!s.cpuSeconds().containsKey(name)) {
        continue;
      }
      if (s.t() <= t) {
        before = s;
      } else if (after == null) {
        after = s;
      }
    }
    if (before != null && before.t() == t) {
      return Optional.of(before.cpuSeconds().get(name));
    }
    if (before == null || after == null) {
      return Optional.empty();
    }
    double a = before.cpuSeconds().get(name);
    double b = after.cpuSeconds().get(name);
    return Optional.of(a + (b - a) * (t - before.t()) / (double) (after.t() - before.t()));
  }

  private static Long memoryAt(List<ComponentSample> samples, String name, long t) {
    Long mem = null;
    for (ComponentSample s : samples) {
      if (s.t() <= t && s.memBytes().containsKey(name)) {
        mem = s.memBytes().get(name);
      }
    }
    return mem;
  }

  /**
   * The measured phase of a run (epoch ms of its first and last measured sample in {@code
   * timeseries.jsonl}), or empty.
   */
  public static Optional<long[]> measuredWindow(Path runFolder) {
    Path file = runFolder.resolve(TimeSeriesFile.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<Long> t = new ArrayList<>();
    for (Sample s : TimeSeriesFile.read(file)) {
      if (Phases.MEASURED.equals(s.phase())) {
        t.add(s.t());
      }
    }
    return t.size() < 2
        ? Optional.empty()
        : Optional.of(new long[] {t.get(0), t.get(t.size() - 1)});
  }
}
