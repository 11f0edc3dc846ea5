package io.pipelineperf.faults;

import io.pipelineperf.faults.db.PostgresAdmin;
import io.pipelineperf.faults.proxy.FaultProxy;
import io.pipelineperf.stack.Component;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.ExternalServiceProcess;
import io.pipelineperf.stack.Stack;
import io.pipelineperf.stack.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fault acts on: the embedded stack (its processes, fault proxies, hosts file, tmpfs), a
 * PostgreSQL superuser connection for the database faults (direct, never through a proxy), the
 * broker's direct bootstrap, the topics, and {@link #maxHold()}: the longest any fault's background
 * activity runs if nobody heals it.
 */
public final class FaultContext {
  public static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(10);

  private final EmbeddedStack stack;
  private final String kafkaBootstrap;
  private final String dbSuperuserUrl;
  private final String dbUser;
  private final String dbPassword;
  private final Topics topics;
  private final Duration maxHold;
  private final Component externalService;

  private FaultContext(
      EmbeddedStack stack,
      Component externalService,
      String kafkaBootstrap,
      String dbSuperuserUrl,
      String dbUser,
      String dbPassword,
      Topics topics,
      Duration maxHold) {
    this.stack = stack;
    this.externalService = externalService;
    this.kafkaBootstrap = Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    this.dbSuperuserUrl = Objects.requireNonNull(dbSuperuserUrl, "dbSuperuserUrl");
    this.dbUser = Objects.requireNonNull(dbUser, "dbUser");
    this.dbPassword = dbPassword == null ? "" : dbPassword;
    this.topics = Objects.requireNonNull(topics, "topics");
    if (maxHold == null || maxHold.isNegative() || maxHold.isZero()) {
      throw new IllegalArgumentException("maxHold must be positive, e.g. 10 minutes");
    }
    this.maxHold = maxHold;
  }

  /** For a running stack: every fault for an embedded one, the database faults for others. */
  public static FaultContext of(Stack stack) {
    EmbeddedStack embedded = stack instanceof EmbeddedStack e ? e : null;
    return new FaultContext(
        embedded,
        embedded != null
            ? null
            : ExternalServiceProcess.fromSystemProperties(Path.of("target")).orElse(null),
        stack.kafkaBootstrap(),
        stack.dbUrl(),
        stack.dbUser(),
        stack.dbPassword(),
        stack.topics(),
        DEFAULT_MAX_HOLD);
  }

  /** Without a stack we started (external target): only the database and Kafka-client faults. */
  public static FaultContext external(
      String kafkaBootstrap,
      String dbSuperuserUrl,
      String dbUser,
      String dbPassword,
      Topics topics) {
    return new FaultContext(
        null, null, kafkaBootstrap, dbSuperuserUrl, dbUser, dbPassword, topics, DEFAULT_MAX_HOLD);
  }

  /** Bounds every fault's background activity (loops, burner processes) to {@code hold}. */
  public FaultContext withMaxHold(Duration hold) {
    return new FaultContext(
        stack, externalService, kafkaBootstrap, dbSuperuserUrl, dbUser, dbPassword, topics, hold);
  }

  public Optional<EmbeddedStack> stack() {
    return Optional.ofNullable(stack);
  }

  /**
   * The process of the system under test: what the embedded stack started, or a service the lab did
   * not start given by {@code -Dservice.pid=} / {@code -Dservice.pidFile=} ({@link
   * ExternalServiceProcess}).
   */
  public Optional<Component> serviceProcess() {
    return stack != null ? Optional.of(stack.sut()) : Optional.ofNullable(externalService);
  }

  /** Empty if the service's process can be signalled (and restarted), else why not. */
  public Optional<String> requireServiceProcess(boolean restart) {
    if (stack != null) {
      return Optional.empty();
    }
    if (externalService == null) {
      return Optional.of(
          "needs the service's process: the embedded stack, or -Dservice.pid= (or"
              + " -Dservice.pidFile=) for a service on this host"
              + (restart ? " with -Dservice.restartCommand=" : ""));
    }
    if (restart && externalService instanceof ExternalServiceProcess p && !p.canRestart()) {
      return Optional.of(
          "needs -Dservice.restartCommand= to start the external service again after the crash");
    }
    return Optional.empty();
  }

  public Optional<FaultProxy> kafkaProxy() {
    return stack().flatMap(EmbeddedStack::kafkaProxy);
  }

  public Optional<FaultProxy> dbProxy() {
    return stack().flatMap(EmbeddedStack::dbProxy);
  }

  public Optional<HostsFile> hostsFile() {
    return stack().flatMap(EmbeddedStack::hostsFile);
  }

  /** The broker's direct listener (bypasses any proxy): for the faults' own Kafka clients. */
  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** A superuser JDBC URL straight to PostgreSQL (not through the service's proxy). */
  public String dbSuperuserUrl() {
    return dbSuperuserUrl;
  }

  public PostgresAdmin admin() {
    return new PostgresAdmin(dbSuperuserUrl, dbUser, dbPassword);
  }

  public Topics topics() {
    return topics;
  }

  public Duration maxHold() {
    return maxHold;
  }

  /** A setting of the service as the stack passes it (service properties), else its default. */
  public String serviceSetting(String key, String defaultValue) {
    Map<String, String> props = stack == null ? Map.of() : stack.service().serviceProperties();
    return props.getOrDefault(key, defaultValue);
  }

  /** The service's consumer group. */
  public String serviceGroup() {
    return serviceSetting("consumer.group", "pipeline-service");
  }

  static final String NEEDS_EMBEDDED =
      "needs the embedded stack (-Dtarget=embedded): it acts on processes the stack started";

  /** Empty if an embedded stack is here, else why the fault cannot run. */
  public Optional<String> requireEmbedded() {
    return stack == null ? Optional.of(NEEDS_EMBEDDED) : Optional.empty();
  }

  /** Empty if the fault proxies run, else why the fault cannot run. */
  public Optional<String> requireProxies() {
    if (stack == null) {
      return Optional.of(NEEDS_EMBEDDED);
    }
    return stack.kafkaProxy().isPresent() && stack.dbProxy().isPresent()
        ? Optional.empty()
        : Optional.of(
            "needs the fault proxies: start the stack with -Dfault.proxies=true"
                + " (StackConfig.withFaultProxies(true))");
  }

  /** Empty if the service resolves its endpoints through the stack's hosts file. */
  public Optional<String> requireHostsFile() {
    if (stack == null) {
      return Optional.of(NEEDS_EMBEDDED);
    }
    return stack.hostsFile().isPresent()
        ? Optional.empty()
        : Optional.of(
            "needs host names from a private hosts file: start the stack with -Dfault.dns=true"
                + " (StackConfig.withFaultDns(true))");
  }
}
