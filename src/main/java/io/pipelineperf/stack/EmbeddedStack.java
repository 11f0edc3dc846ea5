package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a real Kafka broker JVM, a real PostgreSQL and the service JVM on free loopback ports,
 * with data in a temp directory that {@link #close()} (or a shutdown hook, or the reaper if this
 * JVM is SIGKILLed) removes.
 */
public final class EmbeddedStack implements Stack {
  private final StackConfig config;
  private final Path workDir;
  private final Reaper reaper;
  private final KafkaBroker broker;
  private final PostgresServer postgres;
  private ServiceProcess service;
  private Duration startupTime = Duration.ZERO;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  private EmbeddedStack(StackConfig config) throws IOException {
    this.config = config;
    this.workDir = Files.createTempDirectory("pipeline-perf-stack-");
    this.reaper = Reaper.start(null, List.of(workDir));
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
        config.startService() ? stack.httpUrl() : "(service not started)",
        config.logDir());
    return stack;
  }

  private void startAll() {
    int advertised = config.kafkaProxy().applyAsInt(broker.proxiedListenerPort());
    broker.advertiseProxiedPort(advertised);
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
    int dbPort = config.dbProxy().applyAsInt(postgres.port());
    Map<String, String> connection = new LinkedHashMap<>();
    connection.put("kafka.bootstrap", broker.proxiedBootstrap());
    connection.put("db.url", PostgresServer.jdbcUrl(dbPort));
    connection.put("db.user", PostgresServer.USER);
    connection.put("db.password", PostgresServer.PASSWORD);
    connection.put("topic.input", config.topics().input());
    connection.put("topic.outcomes", config.topics().outcomes());
    connection.put("topic.dlq", config.topics().dlq());
    service =
        new ServiceProcess(
            connection,
            config.serviceProperties(),
            config.logDir().resolve("service.log"),
            config.serviceHeap());
    if (config.startService()) {
      service.start();
    }
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

  @Override
  public String httpUrl() {
    return service.httpUrl();
  }

  @Override
  public Topics topics() {
    return config.topics();
  }

  public KafkaBroker broker() {
    return broker;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public ServiceProcess service() {
    return service;
  }

  public StackConfig config() {
    return config;
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
      if (service != null) {
        quietly("service", service::stop);
      }
      quietly("kafka", broker::stop);
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
