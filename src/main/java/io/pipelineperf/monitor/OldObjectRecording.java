package io.pipelineperf.monitor;

import java.io.IOException;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * A JFR recording of {@code jdk.OldObjectSample} only, driven through the {@code
 * com.sun.management:type=DiagnosticCommand} MBean ({@code JFR.start}, {@code JFR.dump
 * path-to-gc-roots=true}, {@code JFR.stop}), so it works on any JVM with JMX: the service the lab
 * starts and one given with {@code -Dservice.jmx=}. The JVM keeps a bounded set of sampled
 * allocations (256 by default) and drops those that die at GC; what survives is what a leak keeps.
 * No other event is on ({@code settings=none}), so the overhead is the sampling and, at the dump,
 * the walk to the GC roots. File names are paths on the recorded JVM's machine.
 */
public final class OldObjectRecording {

  static final String NAME = "pipelineperf-leak";
  private static final String DIAGNOSTIC = "com.sun.management:type=DiagnosticCommand";
  private static final String[] SIGNATURE = {String[].class.getName()};

  private OldObjectRecording() {}

  /**
   * Starts the recording: OldObjectSample with allocation stack traces and no time limit on the
   * search for GC roots ({@code cutoff=infinity}). A JVM older than 17 does not take event settings
   * after {@code settings=none}; it gets {@code settings=profile} (which has OldObjectSample on).
   */
  public static String start(MBeanServerConnection mbs) throws IOException {
    try {
      return invoke(
          mbs,
          "jfrStart",
          "name=" + NAME,
          "settings=none",
          "+jdk.OldObjectSample#enabled=true",
          "+jdk.OldObjectSample#stackTrace=true",
          "+jdk.OldObjectSample#cutoff=infinity");
    } catch (IOException e) {
      return invoke(mbs, "jfrStart", "name=" + NAME, "settings=profile");
    }
  }

  /** Dumps the recording with each sample's reference chain to a GC root into {@code file}. */
  public static String dump(MBeanServerConnection mbs, Path file) throws IOException {
    return invoke(
        mbs,
        "jfrDump",
        "name=" + NAME,
        "filename=" + file.toAbsolutePath(),
        "path-to-gc-roots=true");
  }

  public static String stop(MBeanServerConnection mbs) throws IOException {
    return invoke(mbs, "jfrStop", "name=" + NAME);
  }

  private static String invoke(MBeanServerConnection mbs, String operation, String... args)
      throws IOException {
    try {
      Object out =
          mbs.invoke(new ObjectName(DIAGNOSTIC), operation, new Object[] {args}, SIGNATURE);
      return String.valueOf(out).trim();
    } catch (JMException e) {
      throw new IOException(operation + " " + String.join(" ", args) + " over JMX failed: " + e, e);
    }
  }
}
