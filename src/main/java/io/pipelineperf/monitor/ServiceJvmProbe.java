package io.pipelineperf.monitor;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * What the leak check asks of the service JVM over JMX, outside the once-a-second sampling: a
 * forced GC with the heap used after it, and a class histogram ({@code GC.class_histogram} through
 * the {@code com.sun.management:type=DiagnosticCommand} MBean, as {@code jcmd} prints it); the JFR
 * old-object recording ({@link OldObjectRecording}) and a heap dump. Files are written by the
 * service JVM, so their paths are on its machine.
 */
public final class ServiceJvmProbe implements AutoCloseable {

  private static final String DIAGNOSTIC = "com.sun.management:type=DiagnosticCommand";

  private final JmxConnection connection;

  public ServiceJvmProbe(String address, Duration timeout) {
    this.connection = new JmxConnection(address, timeout.toMillis());
  }

  /** {@code MemoryMXBean.gc()} (a full collection), then the heap used after it, in bytes. */
  public long heapAfterForcedGc() throws IOException {
    try {
      MemoryMXBean memory =
          ManagementFactory.newPlatformMXBeanProxy(
              connection.get(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
      memory.gc();
      return memory.getHeapMemoryUsage().getUsed();
    } catch (IOException | RuntimeException e) {
      connection.reset();
      throw e;
    }
  }

  /** The live-object class histogram (it forces a full GC first, as jcmd's does). */
  public String classHistogram() throws IOException {
    try {
      MBeanServerConnection mbs = connection.get();
      Object out =
          mbs.invoke(
              new ObjectName(DIAGNOSTIC),
              "gcClassHistogram",
              new Object[] {new String[0]},
              new String[] {String[].class.getName()});
      return String.valueOf(out);
    } catch (JMException e) {
      throw new IOException("GC.class_histogram over JMX failed: " + e, e);
    } catch (IOException | RuntimeException e) {
      connection.reset();
      throw e;
    }
  }

  /**
   * {@code VM.native_memory baseline}: what a later {@link #nativeMemoryDiff()} compares with. The
   * JVM's answer, e.g. "Baseline taken", or {@value NativeMemory#NOT_ENABLED}.
   */
  public String nativeMemoryBaseline() throws IOException {
    return nativeMemory("baseline");
  }

  /** {@code VM.native_memory summary.diff}: each category's change since the baseline. */
  public String nativeMemoryDiff() throws IOException {
    return nativeMemory("summary.diff");
  }

  private String nativeMemory(String command) throws IOException {
    return withConnection(
        mbs -> {
          try {
            return NativeMemorySampler.vmNativeMemory(mbs, command);
          } catch (JMException e) {
            throw new IOException("VM.native_memory " + command + " over JMX failed: " + e, e);
          }
        });
  }

  /** Starts the JFR recording of old-object samples (see {@link OldObjectRecording}). */
  public String startOldObjectRecording() throws IOException {
    return withConnection(OldObjectRecording::start);
  }

  /** Dumps it, with the paths to the GC roots, into {@code file}, and stops it. */
  public String dumpOldObjectRecording(Path file) throws IOException {
    return withConnection(
        mbs -> {
          try {
            return OldObjectRecording.dump(mbs, file);
          } finally {
            OldObjectRecording.stop(mbs);
          }
        });
  }

  /** Stops the recording without a dump (a run that ended early). */
  public String stopOldObjectRecording() throws IOException {
    return withConnection(OldObjectRecording::stop);
  }

  /**
   * A heap dump of the live objects ({@code HotSpotDiagnosticMXBean.dumpHeap}, live=true: it forces
   * a full GC) into {@code file}, which must end in {@code .hprof}; an old one is replaced.
   */
  public void dumpHeap(Path file) throws IOException {
    Files.deleteIfExists(file);
    withConnection(
        mbs -> {
          ManagementFactory.newPlatformMXBeanProxy(
                  mbs, "com.sun.management:type=HotSpotDiagnostic", HotSpotDiagnosticMXBean.class)
              .dumpHeap(file.toAbsolutePath().toString(), true);
          return null;
        });
  }

  private interface Call<T> {
    T on(MBeanServerConnection mbs) throws IOException;
  }

  private <T> T withConnection(Call<T> call) throws IOException {
    try {
      return call.on(connection.get());
    } catch (IOException | RuntimeException e) {
      connection.reset();
      throw e;
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
