package io.pipelineperf.simulations;

import io.pipelineperf.analysis.ClassHistogram;
import io.pipelineperf.analysis.LeakAnalysis;
import io.pipelineperf.monitor.ServiceJvmProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The leak check's checkpoints in the service JVM over JMX ({@code -Dleak.check=true}, on in {@link
 * LeakSimulation}): a forced GC and a class histogram at the start of the measured phase, one
 * histogram in its middle, and after the drain a forced GC (the residual) and the last histogram.
 * Each forces a full GC in the service, which is why it is off in latency runs. A checkpoint that
 * fails is named once and the check goes on without it.
 */
final class LeakCheck implements AutoCloseable {

  /** What the checkpoints found, for {@link LeakAnalysis}. */
  record Evidence(LeakAnalysis.ResidualInput residual, List<ClassHistogram> histograms) {}

  private final ServiceJvmProbe probe;
  private final List<ClassHistogram> histograms = new ArrayList<>();
  private Long baseline;

  private LeakCheck(ServiceJvmProbe probe) {
    this.probe = probe;
  }

  static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty("leak.check", "false"));
  }

  static LeakCheck connect(String jmxAddress) {
    return new LeakCheck(new ServiceJvmProbe(jmxAddress, Duration.ofSeconds(30)));
  }

  /**
   * The baseline, at the start of the measured phase: after the warm-up, so that what the first
   * load fills for good (the producer's pooled batch buffers, connection state) is in it.
   */
  synchronized void baseline() {
    try {
      baseline = probe.heapAfterForcedGc();
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no forced GC over JMX (" + e + "): no residual check");
    }
    histogram();
  }

  synchronized void histogram() {
    try {
      histograms.add(ClassHistogram.parse(probe.classHistogram()));
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no class histogram over JMX (" + e + ")");
    }
  }

  /** After the drain: the residual and the last histogram. */
  synchronized Evidence finish() {
    LeakAnalysis.ResidualInput residual = null;
    if (baseline != null) {
      try {
        residual = new LeakAnalysis.ResidualInput(baseline, probe.heapAfterForcedGc());
      } catch (IOException | RuntimeException e) {
        System.out.println("Leak check: no forced GC after the drain (" + e + ")");
      }
    }
    histogram();
    return new Evidence(residual, List.copyOf(histograms));
  }

  @Override
  public void close() {
    probe.close();
  }
}
