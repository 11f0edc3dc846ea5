package io.pipelineperf.stack;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * Immutable description of the stack to start (or to use, for {@link Target#EXTERNAL}).
 *
 * <p>System properties read by {@link #fromSystemProperties()}: {@code target}, {@code topic.*},
 * {@code stack.runDir}, {@code stack.service} (start the service, default true), {@code
 * stack.createTopics} (default true), {@code stack.kafkaHeap}, {@code stack.serviceHeap}, {@code
 * stack.nmt} (Native Memory Tracking in the service or Connect JVM, default true), every {@code
 * service.X=Y}, which is passed to the service as {@code -DX=Y}, and the fault wiring: {@code
 * fault.proxies} (fault proxies in front of the broker's PROXIED listener and PostgreSQL for the
 * service), {@code fault.dns} (the service resolves the broker and database by host names from a
 * private hosts file), {@code fault.disk} (PostgreSQL's data directory on a small tmpfs, {@code
 * fault.disk.size}), all off by default. {@code sut} picks the system under test ({@link Sut}:
 * reference, kafka-connect-jdbc, command) and every {@code sut.X=Y} is its setting X ({@code
 * sut.command}, {@code sut.connect.insertMode}, ...).
 */
public final class StackConfig {
  public static final String SERVICE_PREFIX = "service.";
  public static final String SUT_PREFIX = "sut.";
  public static final String DEFAULT_DISK_SIZE = "2g";

  private Target target;
  private Topics topics;
  private Path runDir;
  private Map<String, String> serviceProperties;
  private boolean startService;
  private boolean createTopics;
  private String kafkaHeap;
  private String serviceHeap;
  private CpuSet serviceCpus;
  private boolean nativeMemoryTracking;
  private IntUnaryOperator kafkaProxy;
  private IntUnaryOperator dbProxy;
  private boolean faultProxies;
  private boolean faultDns;
  private boolean faultDisk;
  private String faultDiskSize;
  private Sut sut;
  private Map<String, String> sutSettings;

  private StackConfig() {}

  /** A copy to change before it is handed out (fields are never changed after that). */
  private StackConfig copy() {
    StackConfig c = new StackConfig();
    c.target = target;
    c.topics = topics;
    c.runDir = runDir;
    c.serviceProperties = serviceProperties;
    c.startService = startService;
    c.createTopics = createTopics;
    c.kafkaHeap = kafkaHeap;
    c.serviceHeap = serviceHeap;
    c.serviceCpus = serviceCpus;
    c.nativeMemoryTracking = nativeMemoryTracking;
    c.kafkaProxy = kafkaProxy;
    c.dbProxy = dbProxy;
    c.faultProxies = faultProxies;
    c.faultDns = faultDns;
    c.faultDisk = faultDisk;
    c.faultDiskSize = faultDiskSize;
    c.sut = sut;
    c.sutSettings = sutSettings;
    return c;
  }

  /** Embedded target, default topics, a fresh run directory under target/stack-runs. */
  public static StackConfig defaults() {
    StackConfig c = new StackConfig();
    c.target = Target.EMBEDDED;
    c.topics = Topics.defaults();
    c.runDir = defaultRunDir().toAbsolutePath().normalize();
    c.serviceProperties = Map.of();
    c.startService = true;
    c.createTopics = true;
    c.kafkaHeap = "768m";
    c.serviceHeap = "768m";
    c.nativeMemoryTracking = true;
    c.kafkaProxy = IntUnaryOperator.identity();
    c.dbProxy = IntUnaryOperator.identity();
    c.faultDiskSize = DEFAULT_DISK_SIZE;
    c.sut = Sut.REFERENCE;
    c.sutSettings = Map.of();
    return c;
  }

  public static StackConfig fromSystemProperties() {
    return from(Settings.fromSystem());
  }

  /**
   * The configuration the given settings describe (the keys of {@link #fromSystemProperties()}).
   */
  public static StackConfig from(Settings settings) {
    StackConfig base = defaults();
    return base.withTarget(Target.parse(settings.get("target").orElse(null)))
        .withTopics(Topics.from(settings))
        .withRunDir(settings.get("stack.runDir").map(Path::of).orElse(base.runDir))
        .withServiceProperties(settings.withPrefix(SERVICE_PREFIX))
        .withService(settings.getBoolean("stack.service", true))
        .withCreateTopics(settings.getBoolean("stack.createTopics", true))
        .withKafkaHeap(settings.get("stack.kafkaHeap", base.kafkaHeap))
        .withServiceHeap(settings.get("stack.serviceHeap", base.serviceHeap))
        .withServiceCpus(settings.get("stack.serviceCpus").map(CpuSet::new).orElse(null))
        .withNativeMemoryTracking(settings.getBoolean("stack.nmt", true))
        .withFaultProxies(settings.getBoolean("fault.proxies", false))
        .withFaultDns(settings.getBoolean("fault.dns", false))
        .withFaultDisk(
            settings.getBoolean("fault.disk", false),
            settings.get("fault.disk.size", DEFAULT_DISK_SIZE))
        .withSut(Sut.parse(settings.get("sut").orElse(null)), settings.withPrefix(SUT_PREFIX));
  }

  static Path defaultRunDir() {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    return Path.of("target", "stack-runs", stamp);
  }

  private static String checkHeap(String key, String heap) {
    if (heap == null || !heap.matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new StackConfigException(
          key + "='" + heap + "' is not a heap size: use e.g. -D" + key + "=768m");
    }
    return heap;
  }

  public StackConfig withTarget(Target t) {
    StackConfig c = copy();
    c.target = Objects.requireNonNull(t, "target");
    return c;
  }

  /** Component logs go to {@code <dir>/stack/<name>.log}. */
  public StackConfig withRunDir(Path dir) {
    StackConfig c = copy();
    c.runDir = Objects.requireNonNull(dir, "runDir").toAbsolutePath().normalize();
    return c;
  }

  public StackConfig withTopics(Topics t) {
    StackConfig c = copy();
    c.topics = Objects.requireNonNull(t, "topics");
    return c;
  }

  /** Passed to the service as {@code -Dkey=value}, e.g. ("defect", "commit-before-write"). */
  public StackConfig withServiceProperty(String key, String value) {
    if (key == null || key.isBlank() || key.startsWith(SERVICE_PREFIX)) {
      throw new StackConfigException(
          "service property key '" + key + "' must be the service's own name, e.g. 'defect'");
    }
    Map<String, String> props = new TreeMap<>(serviceProperties);
    props.put(key, Objects.requireNonNull(value, "value"));
    return withServiceProperties(props);
  }

  /** Replaces all service properties. */
  public StackConfig withServiceProperties(Map<String, String> props) {
    StackConfig c = copy();
    c.serviceProperties = Map.copyOf(props);
    return c;
  }

  /** Whether the embedded stack starts the service JVM (false: broker and PostgreSQL only). */
  public StackConfig withService(boolean start) {
    StackConfig c = copy();
    c.startService = start;
    return c;
  }

  /** Whether missing topics are created (both targets). */
  public StackConfig withCreateTopics(boolean create) {
    StackConfig c = copy();
    c.createTopics = create;
    return c;
  }

  /**
   * Puts something (a fault proxy) between the service and the broker: called before the broker
   * starts with the broker's PROXIED listener port; returns the port the broker advertises on that
   * listener and the service bootstraps on. Ignored when {@link #withFaultProxies(boolean)} is on.
   */
  public StackConfig withKafkaProxy(IntUnaryOperator proxiedListenerPortToProxyPort) {
    StackConfig c = copy();
    c.kafkaProxy = Objects.requireNonNull(proxiedListenerPortToProxyPort);
    return c;
  }

  /**
   * Puts something between the service and PostgreSQL: called with PostgreSQL's port before the
   * service starts; returns the port the service's db.url points at. Ignored when {@link
   * #withFaultProxies(boolean)} is on.
   */
  public StackConfig withDbProxy(IntUnaryOperator postgresPortToProxyPort) {
    StackConfig c = copy();
    c.dbProxy = Objects.requireNonNull(postgresPortToProxyPort);
    return c;
  }

  public StackConfig withKafkaHeap(String heap) {
    StackConfig c = copy();
    c.kafkaHeap = checkHeap("stack.kafkaHeap", heap);
    return c;
  }

  public StackConfig withServiceHeap(String heap) {
    StackConfig c = copy();
    c.serviceHeap = checkHeap("stack.serviceHeap", heap);
    return c;
  }

  /** The service runs only on these CPUs ({@code taskset -c}); null: on all of them. */
  /** Whether the service (or Connect) JVM runs with Native Memory Tracking (summary level). */
  public StackConfig withNativeMemoryTracking(boolean on) {
    StackConfig c = copy();
    c.nativeMemoryTracking = on;
    return c;
  }

  public boolean nativeMemoryTracking() {
    return nativeMemoryTracking;
  }

  public StackConfig withServiceCpus(CpuSet cpus) {
    StackConfig c = copy();
    c.serviceCpus = cpus;
    return c;
  }

  /**
   * Fault proxies ({@code io.pipelineperf.faults.proxy.FaultProxy}) between the service and the
   * broker (its PROXIED listener advertises the proxy) and between the service and PostgreSQL. Off
   * by default: baseline runs pay no proxy cost.
   */
  public StackConfig withFaultProxies(boolean on) {
    StackConfig c = copy();
    c.faultProxies = on;
    return c;
  }

  /**
   * The service reaches the broker as {@code kafka.pipeline.test} and PostgreSQL as {@code
   * postgres.pipeline.test}, names it resolves only through a private hosts file the stack owns (so
   * DNS faults can unmap them).
   */
  public StackConfig withFaultDns(boolean on) {
    StackConfig c = copy();
    c.faultDns = on;
    return c;
  }

  /**
   * PostgreSQL's data directory on a tmpfs of {@code size} (e.g. "1g"), mounted by the stack, so a
   * disk-full fault can fill it. Needs root and a working {@code mount -t tmpfs}.
   */
  public StackConfig withFaultDisk(boolean on, String size) {
    if (size == null || !size.matches("[1-9][0-9]*[kKmMgG]")) {
      throw new StackConfigException(
          "fault.disk.size='" + size + "' is not a size: use e.g. -Dfault.disk.size=1g");
    }
    StackConfig c = copy();
    c.faultDisk = on;
    c.faultDiskSize = size;
    return c;
  }

  /**
   * The system under test the embedded stack starts (instead of the reference service, unless
   * {@link Sut#REFERENCE}) and its settings, keys without the {@code sut.} prefix.
   */
  public StackConfig withSut(Sut s, Map<String, String> settings) {
    StackConfig c = copy();
    c.sut = Objects.requireNonNull(s, "sut");
    c.sutSettings = Map.copyOf(settings);
    return c;
  }

  public Target target() {
    return target;
  }

  public Sut sut() {
    return sut;
  }

  /** The {@code sut.*} settings, prefix removed, e.g. "command", "connect.insertMode". */
  public Map<String, String> sutSettings() {
    return sutSettings;
  }

  public Topics topics() {
    return topics;
  }

  public Path runDir() {
    return runDir;
  }

  /** {@code <runDir>/stack}: where component logs go. */
  public Path logDir() {
    return runDir.resolve("stack");
  }

  public Map<String, String> serviceProperties() {
    return serviceProperties;
  }

  public boolean startService() {
    return startService;
  }

  public boolean createTopics() {
    return createTopics;
  }

  public String kafkaHeap() {
    return kafkaHeap;
  }

  public String serviceHeap() {
    return serviceHeap;
  }

  /** The CPUs the service is pinned to, or null (all CPUs). */
  public CpuSet serviceCpus() {
    return serviceCpus;
  }

  public IntUnaryOperator kafkaProxy() {
    return kafkaProxy;
  }

  public IntUnaryOperator dbProxy() {
    return dbProxy;
  }

  public boolean faultProxies() {
    return faultProxies;
  }

  public boolean faultDns() {
    return faultDns;
  }

  public boolean faultDisk() {
    return faultDisk;
  }

  public String faultDiskSize() {
    return faultDiskSize;
  }

  @Override
  public String toString() {
    return "StackConfig{target="
        + target
        + ", topics="
        + topics
        + ", runDir="
        + runDir
        + (sut == Sut.REFERENCE ? "" : ", sut=" + sut.id() + sutSettings)
        + ", service="
        + (startService ? serviceProperties : "not started")
        + (serviceCpus == null ? "" : ", serviceCpus=" + serviceCpus.cpus())
        + (faultProxies ? ", faultProxies" : "")
        + (faultDns ? ", faultDns" : "")
        + (faultDisk ? ", faultDisk=" + faultDiskSize : "")
        + "}";
  }
}
