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
 * stack.createTopics} (default true), {@code stack.kafkaHeap}, {@code stack.serviceHeap} and every
 * {@code service.X=Y}, which is passed to the service as {@code -DX=Y}.
 */
public final class StackConfig {
  public static final String SERVICE_PREFIX = "service.";

  private final Target target;
  private final Topics topics;
  private final Path runDir;
  private final Map<String, String> serviceProperties;
  private final boolean startService;
  private final boolean createTopics;
  private final String kafkaHeap;
  private final String serviceHeap;
  private final IntUnaryOperator kafkaProxy;
  private final IntUnaryOperator dbProxy;

  private StackConfig(
      Target target,
      Topics topics,
      Path runDir,
      Map<String, String> serviceProperties,
      boolean startService,
      boolean createTopics,
      String kafkaHeap,
      String serviceHeap,
      IntUnaryOperator kafkaProxy,
      IntUnaryOperator dbProxy) {
    this.target = Objects.requireNonNull(target, "target");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.runDir = Objects.requireNonNull(runDir, "runDir").toAbsolutePath().normalize();
    this.serviceProperties = Map.copyOf(serviceProperties);
    this.startService = startService;
    this.createTopics = createTopics;
    this.kafkaHeap = checkHeap("stack.kafkaHeap", kafkaHeap);
    this.serviceHeap = checkHeap("stack.serviceHeap", serviceHeap);
    this.kafkaProxy = kafkaProxy;
    this.dbProxy = dbProxy;
  }

  /** Embedded target, default topics, a fresh run directory under target/stack-runs. */
  public static StackConfig defaults() {
    return new StackConfig(
        Target.EMBEDDED,
        Topics.defaults(),
        defaultRunDir(),
        Map.of(),
        true,
        true,
        "768m",
        "768m",
        IntUnaryOperator.identity(),
        IntUnaryOperator.identity());
  }

  public static StackConfig fromSystemProperties() {
    return from(Settings.fromSystem());
  }

  static StackConfig from(Settings settings) {
    StackConfig base = defaults();
    Map<String, String> service = settings.withPrefix(SERVICE_PREFIX);
    return new StackConfig(
        Target.parse(settings.get("target").orElse(null)),
        Topics.from(settings),
        settings.get("stack.runDir").map(Path::of).orElse(base.runDir),
        service,
        settings.getBoolean("stack.service", true),
        settings.getBoolean("stack.createTopics", true),
        settings.get("stack.kafkaHeap", base.kafkaHeap),
        settings.get("stack.serviceHeap", base.serviceHeap),
        base.kafkaProxy,
        base.dbProxy);
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
    return new StackConfig(
        t,
        topics,
        runDir,
        serviceProperties,
        startService,
        createTopics,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
  }

  /** Component logs go to {@code <dir>/stack/<name>.log}. */
  public StackConfig withRunDir(Path dir) {
    return new StackConfig(
        target,
        topics,
        dir,
        serviceProperties,
        startService,
        createTopics,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
  }

  public StackConfig withTopics(Topics t) {
    return new StackConfig(
        target,
        t,
        runDir,
        serviceProperties,
        startService,
        createTopics,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
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
    return new StackConfig(
        target,
        topics,
        runDir,
        props,
        startService,
        createTopics,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
  }

  /** Whether the embedded stack starts the service JVM (false: broker and PostgreSQL only). */
  public StackConfig withService(boolean start) {
    return new StackConfig(
        target,
        topics,
        runDir,
        serviceProperties,
        start,
        createTopics,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
  }

  /** Whether missing topics are created (both targets). */
  public StackConfig withCreateTopics(boolean create) {
    return new StackConfig(
        target,
        topics,
        runDir,
        serviceProperties,
        startService,
        create,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
  }

  /**
   * Puts something (a fault proxy) between the service and the broker: called before the broker
   * starts with the broker's PROXIED listener port; returns the port the broker advertises on that
   * listener and the service bootstraps on.
   */
  public StackConfig withKafkaProxy(IntUnaryOperator proxiedListenerPortToProxyPort) {
    return new StackConfig(
        target,
        topics,
        runDir,
        serviceProperties,
        startService,
        createTopics,
        kafkaHeap,
        serviceHeap,
        Objects.requireNonNull(proxiedListenerPortToProxyPort),
        dbProxy);
  }

  /**
   * Puts something between the service and PostgreSQL: called with PostgreSQL's port before the
   * service starts; returns the port the service's db.url points at.
   */
  public StackConfig withDbProxy(IntUnaryOperator postgresPortToProxyPort) {
    return new StackConfig(
        target,
        topics,
        runDir,
        serviceProperties,
        startService,
        createTopics,
        kafkaHeap,
        serviceHeap,
        kafkaProxy,
        Objects.requireNonNull(postgresPortToProxyPort));
  }

  public StackConfig withKafkaHeap(String heap) {
    return new StackConfig(
        target,
        topics,
        runDir,
        serviceProperties,
        startService,
        createTopics,
        heap,
        serviceHeap,
        kafkaProxy,
        dbProxy);
  }

  public StackConfig withServiceHeap(String heap) {
    return new StackConfig(
        target,
        topics,
        runDir,
        serviceProperties,
        startService,
        createTopics,
        kafkaHeap,
        heap,
        kafkaProxy,
        dbProxy);
  }

  public Target target() {
    return target;
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

  public IntUnaryOperator kafkaProxy() {
    return kafkaProxy;
  }

  public IntUnaryOperator dbProxy() {
    return dbProxy;
  }

  @Override
  public String toString() {
    return "StackConfig{target="
        + target
        + ", topics="
        + topics
        + ", runDir="
        + runDir
        + ", service="
        + (startService ? serviceProperties : "not started")
        + "}";
  }
}
