package io.pipelineperf.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * What the leak check asks of the service JVM over JMX, outside the once-a-second sampling: a
 * forced GC with the heap used after it, and a class histogram ({@code GC.class_histogram} through
 * the {@code com.sun.management:type=DiagnosticCommand} MBean, as {@code jcmd} prints it).
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

  @Override
  public void close() {
    connection.close();
  }
}
