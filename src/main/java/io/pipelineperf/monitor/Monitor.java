package io.pipelineperf.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the service, its pool, the database, the consumer lag, the host and this JVM once per
 * interval beside a simulation, and appends each tick to {@code <runDir>/timeseries.jsonl}.
 *
 * <p>Each sampler runs on its own thread, so one unreachable source (a paused broker) delays
 * nobody: a tick waits at most 80 % of the interval and a sampler still busy from an earlier tick
 * is skipped. Usage: {@code start(config)}, {@code mark(phase)} at each phase change, {@code
 * stop()} (idempotent, also {@code close()}).
 */
public final class Monitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  static final String THREAD_PREFIX = "pipeline-perf-monitor";

  private final MonitorConfig config;
  private final TimeSeriesFile file;
  private final List<GuardedSampler> samplers;
  private final List<ExecutorService> samplerThreads = new ArrayList<>();
  private final List<Future<Map<String, Double>>> inFlight = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final OwnCpu ownCpu = new OwnCpu(THREAD_PREFIX);
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final long startedAtMs = System.currentTimeMillis();
  private volatile String phase = Phases.SETUP;
  private boolean stopped;

  private Monitor(MonitorConfig config, List<Sampler> samplers) throws IOException {
    this.config = config;
    this.file = TimeSeriesFile.create(config.runDir());
    this.samplers = new ArrayList<>();
    for (Sampler s : samplers) {
      this.samplers.add(new GuardedSampler(s));
      samplerThreads.add(Executors.newSingleThreadExecutor(ownCpu.threads(s.name())));
      inFlight.add(null);
    }
    this.ticker = Executors.newSingleThreadScheduledExecutor(ownCpu.threads("tick"));
  }

  /** Starts sampling now; sources that cannot be reached only cost their metrics. */
  public static Monitor start(MonitorConfig config) {
    return start(config, List.of());
  }

  /** Like {@link #start(MonitorConfig)}, with further samplers (e.g. a {@link JmxSampler}). */
  public static Monitor start(MonitorConfig config, List<Sampler> extra) {
    List<Sampler> samplers = createSamplers(config);
    samplers.addAll(extra);
    Monitor monitor;
    try {
      monitor = new Monitor(config, samplers);
    } catch (IOException e) {
      samplers.forEach(Sampler::close);
      throw new UncheckedIOException("monitor: cannot write into " + config.runDir(), e);
    }
    long periodMs = config.interval().toMillis();
    monitor.ticker.scheduleAtFixedRate(monitor::tickSafely, 0, periodMs, TimeUnit.MILLISECONDS);
    LOG.info(
        "monitor: sampling {} every {} ms into {}",
        samplers.stream().map(Sampler::name).toList(),
        periodMs,
        config.runDir().resolve(TimeSeriesFile.FILE_NAME));
    return monitor;
  }

  private static List<Sampler> createSamplers(MonitorConfig c) {
    List<Sampler> list = new ArrayList<>();
    try {
      if (c.httpUrl() != null) {
        list.add(new ServiceMetricsSampler(c.httpUrl(), c.timeout()));
      }
      if (c.dbUrl() != null) {
        list.add(
            new DatabaseSampler(
                c.dbUrl(),
                c.dbUser(),
                c.dbPassword(),
                c.timeout(),
                System.getProperty(
                    "db.serviceApplicationName", DatabaseSampler.SERVICE_APPLICATION_NAME)));
      }
      if (c.kafkaBootstrap() != null) {
        list.add(new KafkaLagSampler(c.kafkaBootstrap(), c.group(), c.topic(), c.timeout()));
      }
    } catch (RuntimeException e) {
      list.forEach(Sampler::close);
      throw new IllegalArgumentException("monitor: bad configuration: " + e.getMessage(), e);
    }
    try {
      list.add(new HostSampler());
    } catch (RuntimeException | LinkageError e) {
      LOG.warn(
          "monitor: host metrics unavailable on this platform ({}); the run goes on", e.toString());
    }
    list.add(new InjectorSampler());
    return list;
  }

  /** Names the phase every following sample belongs to (see {@link Phases}). */
  public void mark(String phaseName) {
    if (phaseName == null || phaseName.isBlank()) {
      throw new IllegalArgumentException("phase name must not be empty");
    }
    this.phase = phaseName;
    LOG.info("monitor: phase {}", phaseName);
  }

  public String phase() {
    return phase;
  }

  /** Samples taken so far (the same content as timeseries.jsonl). */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  public Path timeseriesFile() {
    return config.runDir().resolve(TimeSeriesFile.FILE_NAME);
  }

  public MonitorConfig config() {
    return config;
  }

  /**
   * Waits until a sample taken after this call shows zero total lag, at most {@code max}; returns
   * how long that took, or empty if the lag did not drain (or is not sampled).
   */
  public Optional<Duration> awaitLagDrained(Duration max) throws InterruptedException {
    long from = System.currentTimeMillis();
    long deadline = from + max.toMillis();
    long pollMs = Math.max(50, config.interval().toMillis() / 4);
    int seen = samples.size();
    while (System.currentTimeMillis() < deadline && !stopped) {
      List<Sample> now = samples;
      for (int i = seen; i < now.size(); i++) {
        Sample s = now.get(i);
        Double lag = s.get("lag.total");
        if (s.t() >= from && lag != null && lag == 0) {
          return Optional.of(Duration.ofMillis(s.t() - from));
        }
      }
      seen = now.size();
      Thread.sleep(pollMs);
    }
    return Optional.empty();
  }

  /** CPU the monitor's own threads used, per second of wall time (ms/s), so far. */
  public double ownCpuMillisPerSecond() {
    long elapsed = Math.max(1, System.currentTimeMillis() - startedAtMs);
    return ownCpu.totalNanos() / 1e6 / (elapsed / 1000.0);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException | IOException e) {
      LOG.warn("monitor: a tick failed ({}); sampling goes on", e.toString());
    }
  }

  private void tick() throws IOException {
    long t = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    String tickPhase = phase;
    for (int i = 0; i < samplers.size(); i++) {
      Future<Map<String, Double>> previous = inFlight.get(i);
      if (previous == null || previous.isDone()) {
        GuardedSampler g = samplers.get(i);
        inFlight.set(i, samplerThreads.get(i).submit(g::sample));
      }
    }
    long deadline = startNanos + config.interval().toNanos() * 8 / 10;
    Map<String, Double> values = new TreeMap<>();
    int late = 0;
    for (Future<Map<String, Double>> f : inFlight) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        values.putAll(f.get(left, TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        // still busy (source hanging): skipped this tick, and the next ones until it returns
        late++;
      } catch (ExecutionException e) {
        LOG.debug("monitor: sampler failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    values.put("mon.tick.ms", (System.nanoTime() - startNanos) / 1e6);
    values.put("mon.late", (double) late);
    ownCpu.sampleInto(values);
    Sample sample = new Sample(t, tickPhase, values);
    samples.add(sample);
    synchronized (file) {
      if (!stopped) {
        file.append(sample);
      }
    }
  }

  /** Stops sampling, releases every connection and thread, and closes the file. Idempotent. */
  public void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    ticker.shutdownNow();
    awaitQuietly(ticker);
    samplerThreads.forEach(ExecutorService::shutdownNow);
    samplerThreads.forEach(Monitor::awaitQuietly);
    samplers.forEach(GuardedSampler::close);
    synchronized (file) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.warn("monitor: closing {} failed: {}", timeseriesFile(), e.toString());
      }
    }
    LOG.info(
        "monitor: stopped after {} samples; own CPU {} ms per second ({} % of one core)",
        samples.size(),
        String.format("%.2f", ownCpuMillisPerSecond()),
        String.format("%.2f", ownCpuMillisPerSecond() / 10));
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("monitor: a sampler thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
