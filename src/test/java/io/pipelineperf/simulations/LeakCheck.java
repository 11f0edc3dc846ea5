package io.pipelineperf.simulations;

import io.pipelineperf.analysis.ClassHistogram;
import io.pipelineperf.analysis.LeakAnalysis;
import io.pipelineperf.analysis.LeakObjects;
import io.pipelineperf.monitor.NativeMemory;
import io.pipelineperf.monitor.ServiceJvmProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The leak check's checkpoints in the service JVM over JMX ({@code -Dleak.check=true}, on in {@link
 * LeakSimulation}): a forced GC and a class histogram at the start of the measured phase, one
 * histogram in its middle, and after the drain a forced GC (the residual) and the last histogram.
 * Each forces a full GC in the service, which is why it is off in latency runs. A checkpoint that
 * fails is named once and the check goes on without it.
 *
 * <p>Attribution: from the baseline on, a JFR recording of old-object samples runs in the service
 * ({@link io.pipelineperf.monitor.OldObjectRecording}); after the drain it is dumped with the paths
 * to the GC roots into {@value LeakObjects#FILE_NAME} and summarised ({@link LeakObjects}). With
 * {@code -Dleak.heapDump=true} a heap dump of the live objects follows ({@value #HEAP_DUMP}). Both
 * files are written by the service JVM into the work folder, then moved into the run folder.
 *
 * <p>Native memory: with the forced GC at the baseline, {@code VM.native_memory baseline}; after
 * the drain, {@code summary.diff} (each NMT category's change since then: the native residual and
 * the categories that grew), kept as {@value #NMT_DIFF}. A JVM without NMT gets neither.
 */
final class LeakCheck implements AutoCloseable {

  static final String HEAP_DUMP = "service-heap.hprof";
  static final String NMT_DIFF = "nmt-diff.txt";
  private static final int TOP_CANDIDATES = 10;

  /**
   * What the checkpoints found, for {@link LeakAnalysis}; {@code candidates} from the JFR recording
   * (empty without one), {@code nativeDiff} the NMT summary.diff from the baseline to the drain
   * (null without NMT) and the files to keep in the run folder.
   */
  record Evidence(
      LeakAnalysis.ResidualInput residual,
      List<ClassHistogram> histograms,
      List<LeakObjects.Candidate> candidates,
      NativeMemory nativeDiff,
      List<Path> files) {}

  private final ServiceJvmProbe probe;
  private final Path workDir;
  private final List<ClassHistogram> histograms = new ArrayList<>();
  private Long baseline;
  private boolean recording;
  private boolean nativeBaseline;

  private LeakCheck(ServiceJvmProbe probe, Path workDir) {
    this.probe = probe;
    this.workDir = workDir.toAbsolutePath();
  }

  static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty("leak.check", "false"));
  }

  static boolean heapDumpEnabled() {
    return Boolean.parseBoolean(System.getProperty("leak.heapDump", "false"));
  }

  /** {@code workDir}: where the service JVM writes the recording and the heap dump. */
  static LeakCheck connect(String jmxAddress, Path workDir) {
    return new LeakCheck(new ServiceJvmProbe(jmxAddress, Duration.ofSeconds(30)), workDir);
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
    nativeBaseline();
    try {
      probe.startOldObjectRecording();
      recording = true;
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no JFR old-object recording (" + e + "): no attribution");
    }
  }

  private void nativeBaseline() {
    try {
      // without NMT the native sampler has said so once already; the report says it again
      nativeBaseline = !NativeMemory.notEnabled(probe.nativeMemoryBaseline());
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no NMT baseline over JMX (" + e + "): no native residual");
    }
  }

  /** The NMT diff since the baseline, kept as a file; null without one. */
  private NativeMemory nativeDiff(List<Path> files) {
    if (!nativeBaseline) {
      return null;
    }
    try {
      String text = probe.nativeMemoryDiff();
      Files.createDirectories(workDir);
      Path file = workDir.resolve(NMT_DIFF);
      Files.writeString(file, text);
      files.add(file);
      NativeMemory diff = NativeMemory.parseDiff(text).orElse(null);
      if (diff == null) {
        System.out.println("Leak check: NMT summary.diff not understood: no native residual");
      }
      return diff;
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no NMT summary.diff (" + e + "): no native residual");
      return null;
    }
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
    List<Path> files = new ArrayList<>();
    NativeMemory nativeDiff = nativeDiff(files);
    List<LeakObjects.Candidate> candidates = attribution(files);
    if (heapDumpEnabled()) {
      heapDump(files);
    }
    return new Evidence(
        residual, List.copyOf(histograms), candidates, nativeDiff, List.copyOf(files));
  }

  /** Dumps and stops the recording, then summarises it. */
  private List<LeakObjects.Candidate> attribution(List<Path> files) {
    if (!recording) {
      return List.of();
    }
    recording = false;
    Path jfr = workDir.resolve(LeakObjects.FILE_NAME);
    try {
      Files.createDirectories(workDir);
      Files.deleteIfExists(jfr);
      probe.dumpOldObjectRecording(jfr);
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no JFR dump (" + e + "): no attribution");
      return List.of();
    }
    if (!Files.exists(jfr)) {
      // a service on another machine wrote it there
      System.out.println("Leak check: " + jfr + " is not on this machine: no attribution");
      return List.of();
    }
    files.add(jfr);
    try {
      return LeakObjects.summarise(jfr, TOP_CANDIDATES);
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: cannot read " + jfr + " (" + e + "): no attribution");
      return List.of();
    }
  }

  private void heapDump(List<Path> files) {
    Path hprof = workDir.resolve(HEAP_DUMP);
    try {
      Files.createDirectories(workDir);
      probe.dumpHeap(hprof);
      files.add(hprof);
    } catch (IOException | RuntimeException e) {
      System.out.println("Leak check: no heap dump (" + e + ")");
    }
  }

  @Override
  public synchronized void close() {
    if (recording) {
      try {
        probe.stopOldObjectRecording();
      } catch (IOException | RuntimeException e) {
        // the run ended early; the recording dies with the service
      }
      recording = false;
    }
    probe.close();
  }
}
