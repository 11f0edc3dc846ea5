package io.pipelineperf.monitor;

import static io.pipelineperf.monitor.SeriesMath.inPhase;
import static io.pipelineperf.monitor.SeriesMath.increase;
import static io.pipelineperf.monitor.SeriesMath.max;
import static io.pipelineperf.monitor.SeriesMath.maxRatioPct;
import static io.pipelineperf.monitor.SeriesMath.mean;
import static io.pipelineperf.monitor.SeriesMath.round;
import static io.pipelineperf.monitor.SeriesMath.timeSharePct;
import static io.pipelineperf.monitor.SeriesMath.whole;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code resources} section of summary.json, computed from the samples of one run. Means and
 * the GC share cover the {@link Phases#MEASURED} phase (the whole run when there is none: see the
 * {@code over} fields); peaks cover the whole run. A value never sampled is null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResourcesSummary(
    Cpu cpu,
    Heap heap,
    Gc gc,
    Pool pool,
    Lag lag,
    Db db,
    Host host,
    Injector injector,
    MonitorCost monitor,
    Process process,
    Service service) {

  /**
   * Service process CPU, % of the whole machine; source: the series it was read from ({@code
   * svc.cpu.pct}, the service's own Micrometer process_cpu_usage x 100, else {@code
   * svc.proc.cpu.pct} from /proc by pid), null when neither was sampled.
   */
  public record Cpu(Double peakPct, Double meanPct, String over, String source) {}

  /**
   * Service heap: from its Micrometer metrics ({@code svc.heap.*}), else over JMX ({@code
   * jmx.heap.*}, any JVM).
   */
  public record Heap(
      Long peakUsedBytes, Long peakCommittedBytes, Long maxBytes, Double peakAfterGcPct) {}

  /** The service process by pid (/proc, any language): peaks over the run, null when unsampled. */
  public record Process(Long rssPeakBytes, Long threadsPeak, Long fdsPeak) {}

  /** GC pauses of the service: count and pause time over the run, time share over `over`. */
  public record Gc(Long count, Double pauseMs, Double timeSharePct, String over) {}

  public record Pool(
      Long max,
      Long peakActive,
      Double peakUsePct,
      Long peakPending,
      Double longestPendingSeconds,
      Double acquireMeanMs,
      Long timeouts) {}

  /**
   * Consumer lag; loadEndT is the first sample of the cool-down phase. drainSeconds is from load
   * end to the first zero-lag sample (null when load end is unknown or the lag never drained);
   * watchedSeconds is how long the monitor sampled after load end.
   */
  public record Lag(
      Long peak, Long loadEndT, Boolean drained, Double drainSeconds, Double watchedSeconds) {}

  public record Db(
      Long peakActiveSessions, Long peakLocksWaiting, Long deadlocks, Long rollbacks) {}

  public record Host(
      Double cpuPeakPct,
      Double cpuMeanPct,
      Long memPeakUsedBytes,
      Long memTotalBytes,
      Double load1Peak) {}

  /** The load generator's own JVM: CPU % of the whole machine, heap, GC time share. */
  /**
   * The load generator's JVM; cpuByThreadMs: CPU milliseconds by thread group over `over` (the
   * largest first, at most {@value #THREAD_GROUPS} groups), to see where its time goes.
   */
  public record Injector(
      Double cpuPeakPct,
      Double cpuMeanPct,
      Long heapPeakUsedBytes,
      Double gcTimeSharePct,
      Map<String, Double> cpuByThreadMs) {}

  static final int THREAD_GROUPS = 12;

  /**
   * The service process by thread group, over `over` (/proc by pid; any language): its CPU ({@code
   * cpuMs}), by group ({@code cpuByThreadMs}, largest first, at most {@value #THREAD_GROUPS}), and
   * what the lab's JMX sampling costs it: the CPU of its RMI and JMX threads ({@code
   * samplingCpuMs}, as % of one core and as a share of the service's CPU). Null fields when not
   * sampled; a JVM without remote JMX has no such threads (0).
   */
  public record Service(
      Double cpuMs,
      Map<String, Double> cpuByThreadMs,
      Double samplingCpuMs,
      Double samplingCpuPctOfOneCore,
      Double samplingSharePct,
      String over) {}

  /** The service's thread groups that serve JMX over RMI: the lab's sampling. */
  static boolean isJmxGroup(String group) {
    return group.startsWith("RMI") || group.startsWith("JMX");
  }

  /** The monitor's own cost: CPU of its threads as % of one core. */
  public record MonitorCost(
      int samples, Double intervalMs, Double cpuMeanPctOfOneCore, Double cpuPeakPctOfOneCore) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ResourcesSummary of(List<Sample> samples) {
    List<Sample> measured = inPhase(samples, Phases.MEASURED);
    String over = measured.isEmpty() ? "run" : Phases.MEASURED;
    List<Sample> window = measured.isEmpty() ? samples : measured;

    String cpuKey = firstSampled(samples, "svc.cpu.pct", "svc.proc.cpu.pct");
    String cpuSeries = cpuKey == null ? "svc.cpu.pct" : cpuKey;
    Cpu cpu =
        new Cpu(
            round(max(samples, cpuSeries), 2),
            round(mean(window, cpuSeries), 2),
            over,
            sourceOf(cpuKey));
    String heapPrefix = firstSampled(samples, "svc.heap.used.bytes", "jmx.heap.used.bytes");
    heapPrefix = heapPrefix == null ? "svc.heap." : heapPrefix.replace("used.bytes", "");
    Heap heap =
        new Heap(
            whole(max(samples, heapPrefix + "used.bytes")),
            whole(max(samples, heapPrefix + "committed.bytes")),
            whole(max(samples, heapPrefix + "max.bytes")),
            round(max(samples, "svc.heap.afterGc.pct"), 2));
    Process process =
        new Process(
            whole(max(samples, "svc.proc.rss.bytes")),
            whole(max(samples, "svc.proc.threads")),
            whole(max(samples, "svc.proc.fds")));
    Gc gc =
        new Gc(
            whole(increase(samples, "svc.gc.count")),
            round(increase(samples, "svc.gc.pause.ms"), 1),
            round(timeSharePct(window, "svc.gc.pause.ms"), 3),
            over);
    Double acquireCount = increase(samples, "pool.acquire.count");
    Double acquireMs = increase(samples, "pool.acquire.sum.ms");
    Pool pool =
        new Pool(
            whole(max(samples, "pool.max")),
            whole(max(samples, "pool.active")),
            round(maxRatioPct(samples, "pool.active", "pool.max"), 1),
            whole(max(samples, "pool.pending")),
            round(SeriesMath.longestRunSeconds(samples, "pool.pending", v -> v > 0), 1),
            acquireCount == null || acquireMs == null || acquireCount == 0
                ? null
                : round(acquireMs / acquireCount, 3),
            whole(increase(samples, "pool.timeouts")));
    Db db =
        new Db(
            whole(max(samples, "db.sessions.active")),
            whole(max(samples, "db.locks.waiting")),
            whole(increase(samples, "db.deadlocks")),
            whole(increase(samples, "db.xact.rollback")));
    Host host =
        new Host(
            round(max(samples, "host.cpu.pct"), 1),
            round(mean(window, "host.cpu.pct"), 1),
            whole(max(samples, "host.mem.used.bytes")),
            whole(max(samples, "host.mem.total.bytes")),
            round(max(samples, "host.load1"), 2));
    Injector injector =
        new Injector(
            round(max(samples, "inj.cpu.pct"), 1),
            round(mean(window, "inj.cpu.pct"), 1),
            whole(max(samples, "inj.heap.used.bytes")),
            round(timeSharePct(window, "inj.gc.time.ms"), 3),
            cpuByThread(window, InjectorSampler.THREAD_CPU_PREFIX));
    MonitorCost monitor =
        new MonitorCost(
            samples.size(),
            samples.isEmpty() ? null : SeriesMath.intervalMs(samples),
            round(mean(samples, "mon.cpu.pct"), 3),
            round(max(samples, "mon.cpu.pct"), 3));
    return new ResourcesSummary(
        cpu,
        heap,
        gc,
        pool,
        lag(samples),
        db,
        host,
        injector,
        monitor,
        process,
        service(window, over));
  }

  private static Service service(List<Sample> window, String over) {
    Double cpuMs = increase(window, "svc.proc.cpu.ms");
    Map<String, Double> all = threadGroupIncrease(window, ProcessSampler.THREAD_CPU_PREFIX);
    if (cpuMs == null && all.isEmpty()) {
      return new Service(null, Map.of(), null, null, null, over);
    }
    double sampling =
        all.entrySet().stream()
            .filter(e -> isJmxGroup(e.getKey()))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    double seconds =
        window.size() < 2 ? 0 : (window.get(window.size() - 1).t() - window.get(0).t()) / 1000.0;
    return new Service(
        round(cpuMs, 0),
        top(all),
        round(sampling, 0),
        seconds > 0 ? round(sampling / seconds / 10, 3) : null,
        cpuMs != null && cpuMs > 0 ? round(100 * sampling / cpuMs, 2) : null,
        over);
  }

  /** The first key any sample holds, or null. */
  private static String firstSampled(List<Sample> samples, String... keys) {
    for (String key : keys) {
      for (Sample s : samples) {
        if (s.has(key)) {
          return key;
        }
      }
    }
    return null;
  }

  private static String sourceOf(String cpuKey) {
    if (cpuKey == null) {
      return null;
    }
    return cpuKey.equals("svc.cpu.pct") ? "service metrics" : "/proc by pid";
  }

  private static Map<String, Double> cpuByThread(List<Sample> window, String prefix) {
    return top(threadGroupIncrease(window, prefix));
  }

  /**
   * The CPU ms each thread group used over the window (groups that used none left out). A group's
   * sum goes down when one of its threads ends (JIT compiler threads come and go, so do RMI
   * connection threads): that step counts 0, not as a restart from 0 (which would count the whole
   * group again).
   */
  private static Map<String, Double> threadGroupIncrease(List<Sample> window, String prefix) {
    Set<String> keys = new TreeSet<>();
    for (Sample s : window) {
      for (String k : s.values().keySet()) {
        if (k.startsWith(prefix)) {
          keys.add(k);
        }
      }
    }
    Map<String, Double> byGroup = new LinkedHashMap<>();
    for (String k : keys) {
      Double grew = riseOnly(window, k);
      if (grew != null && grew > 0) {
        byGroup.put(k.substring(prefix.length(), k.length() - 3), grew);
      }
    }
    return byGroup;
  }

  /** The sum of the series' rises between consecutive samples; null when it has none. */
  static Double riseOnly(List<Sample> samples, String key) {
    Double previous = null;
    double total = 0;
    for (Sample s : samples) {
      Double v = s.get(key);
      if (v == null) {
        continue;
      }
      if (previous != null && v > previous) {
        total += v - previous;
      }
      previous = v;
    }
    return previous == null ? null : total;
  }

  /** The largest {@value #THREAD_GROUPS}, largest first, rounded to whole ms. */
  private static Map<String, Double> top(Map<String, Double> byGroup) {
    Map<String, Double> top = new LinkedHashMap<>();
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(THREAD_GROUPS)
        .forEach(e -> top.put(e.getKey(), round(e.getValue(), 0)));
    return top;
  }

  private static Lag lag(List<Sample> samples) {
    Long peak = whole(max(samples, "lag.total"));
    Long loadEnd = null;
    for (Sample s : samples) {
      if (Phases.COOL_DOWN.equals(s.phase())) {
        loadEnd = s.t();
        break;
      }
    }
    if (loadEnd == null || peak == null) {
      return new Lag(peak, loadEnd, null, null, null);
    }
    Double watched = round((samples.get(samples.size() - 1).t() - loadEnd) / 1000.0, 1);
    for (Sample s : samples) {
      Double lag = s.get("lag.total");
      if (s.t() >= loadEnd && lag != null && lag == 0) {
        return new Lag(peak, loadEnd, true, round((s.t() - loadEnd) / 1000.0, 1), watched);
      }
    }
    return new Lag(peak, loadEnd, false, null, watched);
  }

  /** For embedding as the {@code resources} value of summary.json. */
  public Map<String, Object> toMap() {
    return JSON.convertValue(this, new TypeReference<Map<String, Object>>() {});
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
