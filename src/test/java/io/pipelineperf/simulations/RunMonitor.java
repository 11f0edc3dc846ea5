package io.pipelineperf.simulations;

import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.CleanupCheck;
import io.pipelineperf.analysis.FaultOverlay;
import io.pipelineperf.analysis.ResourcesPage;
import io.pipelineperf.analysis.ThroughputPoint;
import io.pipelineperf.gatling.LoadProfile;
import io.pipelineperf.gatling.Phase;
import io.pipelineperf.gatling.Segment;
import io.pipelineperf.monitor.JmxSampler;
import io.pipelineperf.monitor.MappedPrometheusSampler;
import io.pipelineperf.monitor.MetricMapping;
import io.pipelineperf.monitor.Monitor;
import io.pipelineperf.monitor.MonitorConfig;
import io.pipelineperf.monitor.NativeMemorySampler;
import io.pipelineperf.monitor.Phases;
import io.pipelineperf.monitor.ProcessSampler;
import io.pipelineperf.monitor.ResourceAssertions;
import io.pipelineperf.monitor.ResourcesSummary;
import io.pipelineperf.monitor.Sample;
import io.pipelineperf.monitor.TimeSeriesFile;
import io.pipelineperf.stack.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The samplers beside a simulation: started with the load, phases marked on the profile's schedule
 * (warm-up, ramp, measured, cool-down), stopped once the consumer lag has drained. {@code
 * -DlagDrainTimeout=} (seconds, default 60) bounds the wait for the lag to drain.
 */
final class RunMonitor implements AutoCloseable {

  /** What the samplers found: the summary's resources section and its checks. */
  record Result(
      ResourcesSummary summary,
      List<AssertionResult> assertions,
      List<Sample> samples,
      Path timeseries,
      LeakCheck.Evidence leakEvidence,
      io.pipelineperf.analysis.CleanupReport cleanup) {

    /** The leak verdict ({@code -Dleak.check=true} and a JMX endpoint), else null. */
    io.pipelineperf.analysis.LeakReport leak(double messagesPerSecond) {
      if (leakEvidence == null) {
        return null;
      }
      return io.pipelineperf.analysis.LeakAnalysis.analyse(
              samples,
              leakEvidence.residual(),
              leakEvidence.nativeDiff(),
              leakEvidence.histograms(),
              messagesPerSecond,
              io.pipelineperf.analysis.LeakAnalysis.Settings.fromSystemProperties())
          .withCandidates(leakEvidence.candidates());
    }

    /** Copies the time series into the run folder and draws the resources page there. */
    Path writeInto(Path folder, List<ThroughputPoint> throughput, FaultOverlay faults) {
      return writeInto(folder, throughput, faults, null);
    }

    /**
     * As above, with the leak panel when {@code leak} is not null, and the leak check's files (the
     * JFR recording, a heap dump) moved into the folder, their paths printed.
     */
    Path writeInto(
        Path folder,
        List<ThroughputPoint> throughput,
        FaultOverlay faults,
        io.pipelineperf.analysis.LeakReport leak) {
      try {
        Files.createDirectories(folder);
        if (Files.exists(timeseries)) {
          Files.copy(
              timeseries,
              folder.resolve(TimeSeriesFile.FILE_NAME),
              StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy the time series into " + folder, e);
      }
      if (leakEvidence != null) {
        moveLeakFiles(folder);
      }
      return ResourcesPage.write(folder, samples, throughput, faults, leak);
    }

    private void moveLeakFiles(Path folder) {
      for (Path file : leakEvidence.files()) {
        Path target = folder.resolve(file.getFileName());
        try {
          if (!file.toAbsolutePath().equals(target.toAbsolutePath())) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
          }
          String name = file.getFileName().toString();
          System.out.println(
              (name.endsWith(".hprof")
                      ? "Leak heap dump:       "
                      : name.endsWith(".jfr") ? "Leak objects (JFR):   " : "Native memory diff:   ")
                  + target);
        } catch (IOException e) {
          System.out.println("Leak check: cannot move " + file + " into " + folder + ": " + e);
        }
      }
    }
  }

  private final Monitor monitor;
  private final ScheduledExecutorService phases;
  private final LeakCheck leakCheck;
  private final Duration lagDrainTimeout = Duration.ofSeconds(Long.getLong("lagDrainTimeout", 60));

  private RunMonitor(Monitor monitor, ScheduledExecutorService phases, LeakCheck leakCheck) {
    this.monitor = monitor;
    this.phases = phases;
    this.leakCheck = leakCheck;
  }

  /**
   * Starts sampling now, when the injection is about to start. Without {@code sampleLag} the
   * consumer lag is not sampled (a run whose topic no consumer reads).
   */
  static RunMonitor start(Stack stack, Path workDir, LoadProfile profile, boolean sampleLag) {
    MonitorConfig config = MonitorConfig.forStack(stack, workDir);
    if (!sampleLag) {
      config = withoutLag(config);
    }
    Duration jmxTimeout = config.timeout();
    List<io.pipelineperf.monitor.Sampler> jmx =
        stack
            .jmxAddress()
            .<List<io.pipelineperf.monitor.Sampler>>map(
                a -> List.of(new JmxSampler(a, jmxTimeout), new NativeMemorySampler(a, jmxTimeout)))
            .orElse(List.of());
    LeakCheck leakCheck = null;
    if (LeakCheck.enabled()) {
      if (stack.jmxAddress().isPresent()) {
        leakCheck = LeakCheck.connect(stack.jmxAddress().get(), workDir);
      } else {
        System.out.println(
            "Leak check: no JMX endpoint of the service (-Dservice.jmx=host:port): skipped");
      }
    }
    List<io.pipelineperf.monitor.Sampler> extra = new ArrayList<>(jmx);
    if (stack.servicePid() > 0) {
      extra.add(new ProcessSampler(stack::servicePid));
    }
    mappedPrometheus(config.timeout()).ifPresent(extra::add);
    Monitor monitor = Monitor.start(config, extra);
    ScheduledExecutorService phases =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "monitor-phases");
              t.setDaemon(true);
              return t;
            });
    double at = 0;
    Phase previous = null;
    for (Segment segment : profile.segments()) {
      if (segment.phase() != previous) {
        String name = phaseName(segment.phase());
        phases.schedule(() -> monitor.mark(name), (long) (at * 1000), TimeUnit.MILLISECONDS);
        previous = segment.phase();
      }
      at += segment.seconds();
    }
    phases.schedule(
        () -> monitor.mark(Phases.COOL_DOWN), (long) (at * 1000), TimeUnit.MILLISECONDS);
    if (leakCheck != null) {
      phases.schedule(
          leakCheck::baseline,
          (long) (profile.measuredStartSeconds() * 1000),
          TimeUnit.MILLISECONDS);
      double middle = profile.measuredStartSeconds() + (at - profile.measuredStartSeconds()) / 2;
      phases.schedule(leakCheck::histogram, (long) (middle * 1000), TimeUnit.MILLISECONDS);
    }
    return new RunMonitor(monitor, phases, leakCheck);
  }

  /**
   * A service's own Prometheus endpoint ({@code -Dservice.prometheus=<url>}) read through {@code
   * -Dservice.prometheus.map=<file>} (default: the Micrometer names, for a Spring or any Micrometer
   * service).
   */
  static Optional<io.pipelineperf.monitor.Sampler> mappedPrometheus(Duration timeout) {
    String url = System.getProperty("service.prometheus", "").strip();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException(
          "-Dservice.prometheus="
              + url
              + " is not an http(s) URL: give the metrics endpoint's URL");
    }
    Path map =
        Path.of(
            System.getProperty(
                "service.prometheus.map",
                "simulations-data/monitoring/metric-maps/micrometer.map"));
    return Optional.of(new MappedPrometheusSampler(url, MetricMapping.read(map), timeout));
  }

  private static MonitorConfig withoutLag(MonitorConfig c) {
    return new MonitorConfig(
        c.httpUrl(),
        c.dbUrl(),
        c.dbUser(),
        c.dbPassword(),
        null,
        c.group(),
        c.topic(),
        c.runDir(),
        c.interval(),
        c.timeout());
  }

  private static String phaseName(Phase phase) {
    return switch (phase) {
      case WARMUP -> Phases.WARM_UP;
      case RAMP -> Phases.RAMP;
      case MEASURED -> Phases.MEASURED;
    };
  }

  /**
   * Called once the load has ended: waits for the lag to drain (when {@code awaitLag}), stops
   * sampling, summarises.
   */
  Result finish(boolean awaitLag) {
    phases.shutdownNow();
    monitor.mark(Phases.COOL_DOWN);
    if (!awaitLag) {
      return stopAndSummarise(System.currentTimeMillis());
    }
    try {
      Optional<Duration> drained = monitor.awaitLagDrained(lagDrainTimeout);
      if (drained.isEmpty()) {
        System.out.println(
            "Consumer lag did not drain within " + lagDrainTimeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long drainedAt = System.currentTimeMillis();
    awaitSamplesSince(drainedAt);
    return stopAndSummarise(drainedAt);
  }

  /**
   * The cleanup check's "after" values: a few samples once the load has drained (at most a few
   * seconds: {@link CleanupCheck#POINTS} sampling intervals and two more).
   */
  private void awaitSamplesSince(long drainedAt) {
    long interval = monitor.config().interval().toMillis();
    long deadline = System.currentTimeMillis() + interval * (CleanupCheck.POINTS + 2);
    while (System.currentTimeMillis() < deadline
        && monitor.samples().stream().filter(s -> s.t() >= drainedAt).count()
            < CleanupCheck.POINTS) {
      try {
        Thread.sleep(Math.min(200, interval));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Result stopAndSummarise(long drainedAt) {
    LeakCheck.Evidence evidence = leakCheck == null ? null : leakCheck.finish();
    monitor.stop();
    ResourcesSummary summary = ResourcesSummary.of(monitor.samples());
    List<Sample> samples = monitor.samples();
    return new Result(
        summary,
        ResourceAssertions.check(summary),
        samples,
        monitor.timeseriesFile(),
        evidence,
        CleanupCheck.evaluate(samples, drainedAt, CleanupCheck.Tolerances.fromSystemProperties()));
  }

  @Override
  public void close() {
    phases.shutdownNow();
    monitor.close();
    if (leakCheck != null) {
      leakCheck.close();
    }
  }
}
