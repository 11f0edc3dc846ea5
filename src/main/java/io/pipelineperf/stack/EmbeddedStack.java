package io.pipelineperf.stack;

import io.pipelineperf.faults.HostsFile;
import io.pipelineperf.faults.proxy.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a real Kafka broker JVM, a real PostgreSQL and the service JVM on free loopback ports,
 * with data in a temp directory that {@link #close()} (or a shutdown hook, or the reaper if this
 * JVM is SIGKILLed) removes.
 *
 * <p>For fault runs ({@link StackConfig#faultProxies()}, {@link StackConfig#faultDns()}, {@link
 * StackConfig#faultDisk()}) the service reaches the broker and PostgreSQL through fault proxies, by
 * host names from a private hosts file, and PostgreSQL keeps its data on a small tmpfs.
 */
public final class EmbeddedStack implements Stack {
  /** The broker's host name for the service when {@link StackConfig#faultDns()} is on. */
  public static final String KAFKA_HOST = "kafka.pipeline.test";

  /** PostgreSQL's host name for the service when {@link StackConfig#faultDns()} is on. */
  public static final String DB_HOST = "postgres.pipeline.test";

  private final StackConfig config;
  private final Path workDir;
  private final Reaper reaper;
  private final KafkaBroker broker;
  private final PostgresServer postgres;
  private ServiceProcess service;
  private Component sut;
  private FaultProxy kafkaProxy;
  private FaultProxy dbProxy;
  private HostsFile hostsFile;
  private TmpfsMount diskMount;
  private String serviceDbUrl;
  private Duration startupTime = Duration.ZERO;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  private EmbeddedStack(StackConfig config) throws IOException {
    this.config = config;
    this.workDir = Files.createTempDirectory("pipeline-perf-stack-");
    // a tmpfs on the data dir must be unmounted before the directory can go
    this.reaper =
        Reaper.start(
            null,
            config.faultDisk() ? List.of(workDir.resolve("postgres"), workDir) : List.of(workDir));
    this.shutdownHook = new Thread(this::close, "pipeline-perf-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Path logs = config.logDir();
    this.broker =
        new KafkaBroker(workDir.resolve("kafka"), logs.resolve("kafka.log"), config.kafkaHeap());
    this.postgres = new PostgresServer(workDir.resolve("postgres"), logs.resolve("postgres.log"));
  }

  public static EmbeddedStack start(StackConfig config) {
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    EmbeddedStack stack;
    try {
      stack = new EmbeddedStack(config);
    } catch (IOException e) {
      throw new StackStartException("cannot create the stack's temp directory: " + e, e);
    }
    try {
      stack.startAll();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    stack.startupTime = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf(
        "[stack] embedded stack started at %s in %.1f s: kafka=%s db=%s http=%s logs=%s%n",
        startedAt,
        stack.startupTime.toMillis() / 1000.0,
        stack.kafkaBootstrap(),
        stack.dbUrl(),
        config.startService()
            ? (stack.httpUrl() == null ? "(none: sut=" + config.sut().id() + ")" : stack.httpUrl())
            : "(service not started)",
        config.logDir());
    if (stack.kafkaProxy != null || stack.dbProxy != null) {
      // a service of the user's own can be routed through them to take the network faults
      System.out.printf(
          "[stack] fault proxies: kafka %s, postgres %s%n",
          stack.kafkaProxy == null ? "-" : stack.kafkaProxy.address(),
          stack.dbProxy == null ? "-" : stack.dbProxy.address());
    }
    if (stack.sut instanceof KafkaConnectWorker worker) {
      System.out.printf(
          "[stack] sut=kafka-connect-jdbc: connector %s (REST %s, pid %d) writes %s, consumer group"
              + " %s; for a run pass: %s%n",
          worker.config().name(),
          worker.config().restUrl(),
          worker.pid(),
          worker.config().qualifiedTable(),
          worker.config().consumerGroup(),
          worker.config().labFlags());
    } else if (stack.sut instanceof CommandProcess command) {
      System.out.printf(
          "[stack] sut=command: pid %d, log %s; it has %s in its environment%n",
          command.pid(), command.logFile(), command.environment().keySet());
    }
    return stack;
  }

  private void startAll() {
    if (config.faultDisk()) {
      diskMount = TmpfsMount.mount(postgres.dataDir(), config.faultDiskSize());
    }
    if (config.faultDns()) {
      hostsFile = HostsFile.create(workDir.resolve("dns").resolve("hosts"));
      hostsFile.map(KAFKA_HOST, "127.0.0.1").map(DB_HOST, "127.0.0.1");
    }
    int advertised;
    if (config.faultProxies()) {
      kafkaProxy = FaultProxy.start("kafka", 0, "127.0.0.1", broker.proxiedListenerPort());
      advertised = kafkaProxy.port();
    } else {
      advertised = config.kafkaProxy().applyAsInt(broker.proxiedListenerPort());
    }
    broker.advertiseProxied(config.faultDns() ? KAFKA_HOST : "127.0.0.1", advertised);
    // PostgreSQL starts in a second thread while the broker JVM boots
    CompletableFuture<Void> pg = CompletableFuture.runAsync(postgres::start);
    try {
      broker.start();
    } finally {
      try {
        pg.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    if (config.createTopics()) {
      TopicCreator.createMissing(broker.directBootstrap(), config.topics(), (short) 1);
    }
    int dbPort;
    if (config.faultProxies()) {
      dbProxy = FaultProxy.start("postgres", 0, "127.0.0.1", postgres.port());
      dbPort = dbProxy.port();
    } else {
      dbPort = config.dbProxy().applyAsInt(postgres.port());
    }
    serviceDbUrl =
        "jdbc:postgresql://"
            + (config.faultDns() ? DB_HOST : "127.0.0.1")
            + ":"
            + dbPort
            + "/postgres";
    Map<String, String> connection = new LinkedHashMap<>();
    connection.put("kafka.bootstrap", broker.proxiedBootstrap());
    connection.put("db.url", serviceDbUrl);
    connection.put("db.user", PostgresServer.USER);
    connection.put("db.password", PostgresServer.PASSWORD);
    connection.put("topic.input", config.topics().input());
    connection.put("topic.outcomes", config.topics().outcomes());
    connection.put("topic.dlq", config.topics().dlq());
    List<String> sutJvmArgs =
        new ArrayList<>(hostsFile == null ? List.of() : hostsFile.jvmArguments());
    if (config.nativeMemoryTracking()) {
      sutJvmArgs.add(ChildJvm.NATIVE_MEMORY_TRACKING);
    }
    service =
        new ServiceProcess(
            connection,
            config.serviceProperties(),
            config.logDir().resolve("service.log"),
            config.serviceHeap(),
            sutJvmArgs,
            config.serviceCpus());
    sut = createSut(sutJvmArgs);
    if (config.startService()) {
      sut.start();
    }
  }

  /** The reference service, or the process {@code -Dsut=} names, wired like the service. */
  private Component createSut(List<String> jvmArgs) {
    SutFactory.Wiring wiring =
        new SutFactory.Wiring(
            broker.proxiedBootstrap(),
            serviceDbUrl,
            PostgresServer.USER,
            PostgresServer.PASSWORD,
            config.topics(),
            config.logDir(),
            jvmArgs);
    return switch (config.sut()) {
      case REFERENCE -> service;
      case KAFKA_CONNECT_JDBC -> {
        KafkaConnectWorker worker = SutFactory.connectWorker(config.sutSettings(), wiring);
        ConnectTable.create(
            postgres.jdbcUrl(),
            PostgresServer.USER,
            PostgresServer.PASSWORD,
            worker.config().table());
        yield worker;
      }
      case COMMAND -> SutFactory.command(config.sutSettings(), wiring);
    };
  }

  @Override
  public Target target() {
    return Target.EMBEDDED;
  }

  @Override
  public String kafkaBootstrap() {
    return broker.directBootstrap();
  }

  @Override
  public String dbUrl() {
    return postgres.jdbcUrl();
  }

  @Override
  public String dbUser() {
    return PostgresServer.USER;
  }

  @Override
  public String dbPassword() {
    return PostgresServer.PASSWORD;
  }

  /** The reference service's HTTP ingress; null for another system under test. */
  @Override
  public String httpUrl() {
    return config.sut() == Sut.REFERENCE ? service.httpUrl() : null;
  }

  @Override
  public Topics topics() {
    return config.topics();
  }

  @Override
  public Optional<String> jmxAddress() {
    if (!config.startService()) {
      return Optional.empty();
    }
    if (sut instanceof KafkaConnectWorker worker) {
      return Optional.of(worker.jmxAddress());
    }
    return config.sut() == Sut.REFERENCE
        ? Optional.of(service.jmxAddress())
        : Stack.super.jmxAddress();
  }

  /** The system under test's pid (the reference service, the Connect worker or the command). */
  @Override
  public long servicePid() {
    return config.startService() && sut.isRunning() ? sut.pid() : -1;
  }

  public KafkaBroker broker() {
    return broker;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  /**
   * The reference service's process; with another {@link StackConfig#sut()} it is never started
   * (see {@link #sut()}).
   */
  public ServiceProcess service() {
    return service;
  }

  /**
   * The system under test: the reference service, the Kafka Connect worker or the command. What
   * process faults (crash, pause) act on.
   */
  public Component sut() {
    return sut;
  }

  /** The Kafka Connect worker, with {@code -Dsut=kafka-connect-jdbc}. */
  public Optional<KafkaConnectWorker> connectWorker() {
    return sut instanceof KafkaConnectWorker w ? Optional.of(w) : Optional.empty();
  }

  public StackConfig config() {
    return config;
  }

  /** The fault proxy between the service and the broker (with {@code fault.proxies}). */
  public Optional<FaultProxy> kafkaProxy() {
    return Optional.ofNullable(kafkaProxy);
  }

  /** The fault proxy between the service and PostgreSQL (with {@code fault.proxies}). */
  public Optional<FaultProxy> dbProxy() {
    return Optional.ofNullable(dbProxy);
  }

  /** The hosts file the service resolves {@link #KAFKA_HOST} and {@link #DB_HOST} from. */
  public Optional<HostsFile> hostsFile() {
    return Optional.ofNullable(hostsFile);
  }

  /** The tmpfs holding PostgreSQL's data (with {@code fault.disk}). */
  public Optional<TmpfsMount> diskMount() {
    return Optional.ofNullable(diskMount);
  }

  /** The JDBC URL the service uses (through the proxy and by host name, if so configured). */
  public String serviceDbUrl() {
    return serviceDbUrl;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** Temp directory holding the broker's and PostgreSQL's data (removed by close). */
  public Path workDir() {
    return workDir;
  }

  /** Service first (it drains into Kafka and the DB), then the broker, then PostgreSQL. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (sut != null && sut != service) {
        quietly(sut.name(), sut::stop);
      }
      if (service != null) {
        quietly("service", service::stop);
      }
      if (kafkaProxy != null) {
        quietly("kafka proxy", kafkaProxy::close);
      }
      if (dbProxy != null) {
        quietly("postgres proxy", dbProxy::close);
      }
      quietly("kafka", broker::stop);
      if (diskMount != null) {
        // the data dir is the mount point: stop, unmount (drops the data), then remove the dir
        quietly("postgres", postgres::stop);
        quietly("tmpfs", diskMount::close);
      }
      quietly("postgres", postgres::destroy);
    } finally {
      reaper.cancel();
      FileTree.deleteQuietly(workDir);
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // close() runs from the hook itself
      }
    }
  }

  private static void quietly(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      System.err.println("[stack] stopping " + what + " failed: " + e);
    }
  }
}
