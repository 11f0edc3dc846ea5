package io.pipelineperf.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The reference pipeline service ({@value #MAIN_CLASS}) in its own JVM. Connection settings come
 * from the stack; further {@code -D} settings (defect, consumer.threads, ...) are the "service
 * properties", replaceable with {@link #restartWith(Map)}. The HTTP port is kept across restarts.
 */
public final class ServiceProcess extends ChildJvmComponent {
  public static final String MAIN_CLASS = "io.pipelineperf.service.PipelineService";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_GRACE = Duration.ofSeconds(40);

  private final Map<String, String> connection;
  private final List<String> extraJvmArgs;
  private volatile String heap;
  private final int httpPort;
  private final int jmxPort = PortAllocator.freePort();
  private final ChildJvm jvm;
  private final CpuSet cpus;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Map<String, String> serviceProperties;

  /**
   * @param connection kafka.bootstrap, db.url, db.user, db.password, topic.* as the README names
   *     them
   * @param serviceProperties further -D settings for the service
   */
  public ServiceProcess(
      Map<String, String> connection,
      Map<String, String> serviceProperties,
      Path logFile,
      String heap) {
    this(connection, serviceProperties, logFile, heap, List.of());
  }

  /**
   * @param extraJvmArgs further JVM options, e.g. a private hosts file for DNS faults
   */
  public ServiceProcess(
      Map<String, String> connection,
      Map<String, String> serviceProperties,
      Path logFile,
      String heap,
      List<String> extraJvmArgs) {
    this(connection, serviceProperties, logFile, heap, extraJvmArgs, null);
  }

  /**
   * @param cpus the CPUs the service runs on ({@code taskset -c}), null for all of them
   */
  public ServiceProcess(
      Map<String, String> connection,
      Map<String, String> serviceProperties,
      Path logFile,
      String heap,
      List<String> extraJvmArgs,
      CpuSet cpus) {
    this.cpus = cpus;
    this.connection = Map.copyOf(connection);
    this.serviceProperties = Map.copyOf(serviceProperties);
    this.heap = heap;
    this.extraJvmArgs = List.copyOf(extraJvmArgs);
    // -Dservice.http.port=N pins the port (e.g. for a fixed Prometheus target); else a free one.
    this.httpPort =
        serviceProperties.containsKey("http.port")
            ? parsePort(serviceProperties.get("http.port"))
            : PortAllocator.freePort();
    this.jvm =
        new ChildJvm(
            "service", logFile, ChildJvm::classpath, cpus == null ? List.of() : cpus.launcher());
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new StackConfigException(
        "service.http.port must be a TCP port 1..65535, was '"
            + value
            + "': pass e.g. -Dservice.http.port=8080, or leave it unset for a free port");
  }

  @Override
  public String name() {
    return "service";
  }

  public int httpPort() {
    return httpPort;
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public Map<String, String> serviceProperties() {
    return serviceProperties;
  }

  /** The CPUs the service is pinned to; empty: all of them. */
  public java.util.Optional<CpuSet> cpus() {
    return java.util.Optional.ofNullable(cpus);
  }

  /** Every -D the service gets: connection, http.port, then the service properties on top. */
  public Map<String, String> systemProperties() {
    Map<String, String> all = new TreeMap<>(connection);
    all.put("http.port", Integer.toString(httpPort));
    all.putAll(serviceProperties);
    return all;
  }

  @Override
  public synchronized void start() {
    if (jvm.isRunning()) {
      return;
    }
    requireServiceOnClasspath();
    List<String> jvmArgs =
        new ArrayList<>(List.of("-Xms" + minHeap(heap), "-Xmx" + heap, "-XX:+UseG1GC"));
    jvmArgs.addAll(LoopbackJmx.jvmArguments(jmxPort));
    jvmArgs.addAll(extraJvmArgs);
    systemProperties().forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
    jvm.launch(jvmArgs, MAIN_CLASS, List.of());
    awaitReady();
  }

  /** The service's JMX endpoint, {@code 127.0.0.1:<port>} (kept across restarts). */
  public String jmxAddress() {
    return "127.0.0.1:" + jmxPort;
  }

  /** -Xms: 256m, or the whole heap when that is smaller. */
  static String minHeap(String heap) {
    long bytes = heapBytes(heap);
    return bytes < 256L * 1024 * 1024 ? heap : "256m";
  }

  static long heapBytes(String heap) {
    char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
    long scale =
        switch (unit) {
          case 'k' -> 1024L;
          case 'm' -> 1024L * 1024;
          case 'g' -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    String digits = Character.isDigit(unit) ? heap : heap.substring(0, heap.length() - 1);
    return Long.parseLong(digits) * scale;
  }

  /** The -Xmx of the service JVM. */
  public String heap() {
    return heap;
  }

  private static void requireServiceOnClasspath() {
    try {
      Class.forName(MAIN_CLASS, false, ServiceProcess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new StackStartException(
          MAIN_CLASS
              + " is not on the classpath: build the project (mvn compile) including the service"
              + " package, or run with -Dstack.service=false / -Dtarget=external");
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/ready"))
            .timeout(Duration.ofSeconds(3))
            .GET()
            .build();
    String last = "no answer";
    while (true) {
      jvm.requireAlive("starting");
      try {
        HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted while waiting for the service", e);
      }
      if (System.nanoTime() > deadline) {
        throw new StackStartException(
            "service not ready within "
                + READY_TIMEOUT.toSeconds()
                + " s: GET "
                + httpUrl()
                + "/ready answered "
                + last
                + "; last lines of "
                + logFile()
                + ":\n"
                + LogTail.of(logFile(), 30));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted while waiting for the service", e);
      }
    }
  }

  /** Like {@link #stop()}, returning the exit code (empty if it was not running). */
  public OptionalInt stopAndGetExitCode() {
    return jvm.stop(STOP_GRACE);
  }

  /** Stops the service, replaces its service properties, starts it again (same HTTP port). */
  public synchronized void restartWith(Map<String, String> newServiceProperties) {
    stop();
    serviceProperties = Map.copyOf(newServiceProperties);
    start();
  }

  /** Like {@link #restartWith(Map)}, also with another maximum heap (e.g. "96m"). */
  public synchronized void restartWith(Map<String, String> newServiceProperties, String newHeap) {
    if (newHeap == null || !newHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new IllegalArgumentException("'" + newHeap + "' is not a heap size, e.g. 96m");
    }
    stop();
    serviceProperties = Map.copyOf(newServiceProperties);
    heap = newHeap;
    start();
  }

  /** Exit code of the last service process; empty while it runs. */
  public OptionalInt exitCode() {
    return jvm.exitCode();
  }

  @Override
  protected ChildJvm jvm() {
    return jvm;
  }

  @Override
  protected Duration stopGrace() {
    return STOP_GRACE;
  }
}
