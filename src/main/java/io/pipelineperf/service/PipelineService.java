package io.pipelineperf.service;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference pipeline service: HTTP ingress to Kafka, and consumers writing Kafka to PostgreSQL
 * through a stored procedure. Run {@link #main} (configuration: see {@link ServiceConfig}); stop it
 * with SIGTERM for a graceful, bounded shutdown with exit code 0.
 */
public final class PipelineService implements AutoCloseable {
  /** Where the service's own logging configuration lives (Gatling's logback stays untouched). */
  public static final String LOGBACK_CONFIG = "io/pipelineperf/service/logback.xml";

  private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(30);

  private final Logger log = LoggerFactory.getLogger(PipelineService.class);
  private final ServiceConfig config;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<AutoCloseable> kafkaMetrics = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private ServiceMetrics metrics;
  private DefectRunner defectRunner;
  private Database database;
  private KafkaProducer<byte[], byte[]> ingressProducer;
  private KafkaProducer<byte[], byte[]> outputProducer;
  private Admin admin;
  private IngressServer ingress;

  private PipelineService(ServiceConfig config) {
    this.config = config;
  }

  /** Starts everything and returns once the HTTP server listens and the consumers run. */
  public static PipelineService start(ServiceConfig config) {
    PipelineService service = new PipelineService(config);
    try {
      service.startParts();
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void startParts() {
    log.info(
        "starting: kafka={} db={} group={} threads={} maxPollRecords={} sessionTimeoutMs={}"
            + " poolSize={}",
        config.kafkaBootstrap(),
        config.dbUrl(),
        config.consumerGroup(),
        config.consumerThreads(),
        config.consumerMaxPollRecords(),
        config.consumerSessionTimeoutMs(),
        config.dbPoolSize());
    metrics = new ServiceMetrics(config.defects());
    defectRunner =
        new DefectRunner(
            config.defects(), config.defectMemoryHogMbPerSec(), config.defectCpuHogThreads());
    defectRunner.start();
    database = Database.open(config, metrics.registry(), Duration.ofSeconds(60));
    ingressProducer = KafkaClients.ingressProducer(config);
    outputProducer = KafkaClients.outputProducer(config);
    admin = KafkaClients.admin(config);
    bindKafkaMetrics(new KafkaClientMetrics(ingressProducer, List.of(Tag.of("client", "ingress"))));
    bindKafkaMetrics(new KafkaClientMetrics(outputProducer, List.of(Tag.of("client", "output"))));

    MessageDecoder decoder = new MessageDecoder(config.messageMaxBytes());
    MessageStore store =
        new MessageStore(
            database,
            !config.has(Defect.NO_IDEMPOTENCY),
            config.has(Defect.CONNECTION_LEAK),
            config.has(Defect.SLOW_WRITE) ? config.defectSlowWriteMs() : 0);
    PlantedLeaks leaks =
        PlantedLeaks.fromSystemProperties(config.defects(), () -> Database.openUnpooled(config));
    for (int i = 0; i < config.consumerThreads(); i++) {
      KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(config, i);
      bindKafkaMetrics(
          new KafkaClientMetrics(consumer, List.of(Tag.of("client", "consumer-" + i))));
      ConsumerWorker worker =
          new ConsumerWorker(
              "consumer-" + i,
              consumer,
              config.topicInput(),
              decoder,
              store,
              new OutputPublisher(outputProducer, config.topicOutcomes(), config.topicDlq()),
              metrics,
              config.defects(),
              leaks,
              stopping::get,
              Duration.ofMillis(config.consumerCommitIntervalMs()));
      Thread thread = new Thread(worker, "pipeline-consumer-" + i);
      workers.add(thread);
      thread.start();
    }
    ingress =
        new IngressServer(
                config.httpHost(),
                config.httpPort(),
                ingressProducer,
                config.topicInput(),
                decoder,
                new Readiness(admin, database),
                metrics)
            .start();
  }

  private void bindKafkaMetrics(KafkaClientMetrics binder) {
    binder.bindTo(metrics.registry());
    kafkaMetrics.add(binder);
  }

  public int httpPort() {
    return ingress.port();
  }

  public ServiceConfig config() {
    return config;
  }

  /**
   * Stops ingress, lets every consumer finish and commit its in-flight batch, then closes the
   * clients and the pool. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + SHUTDOWN_BUDGET.toNanos() - TimeUnit.SECONDS.toNanos(5);
    log.info("shutting down");
    quietly("HTTP server", ingress);
    stopping.set(true);
    for (Thread worker : workers) {
      long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        worker.join(remainingMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (worker.isAlive()) {
        log.warn("{} did not finish its batch in time; it will be redelivered", worker.getName());
      }
    }
    kafkaMetrics.forEach(m -> quietly("Kafka client metrics", m));
    if (ingressProducer != null) {
      ingressProducer.close(Duration.ofSeconds(2));
    }
    if (outputProducer != null) {
      outputProducer.close(Duration.ofSeconds(2));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
    quietly("connection pool", database);
    quietly("defect runner", defectRunner);
    quietly("metrics", metrics);
    log.info("stopped");
  }

  private void quietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("closing the {} failed: {}", what, e.toString());
    }
  }

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    OutOfMemoryExit.install();
    ServiceConfig config;
    try {
      config = ServiceConfig.fromSystem();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PipelineService service;
    try {
      service = start(config);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(PipelineService.class)
          .error("pipeline-service failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeWithin(service), "shutdown"));
    ExitOnSignal.install();
    System.out.println("pipeline-service ready http=" + service.httpPort());
    System.out.flush();
  }

  /** Runs close, but never lets a stuck part hold the JVM past the shutdown budget. */
  private static void closeWithin(PipelineService service) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(SHUTDOWN_BUDGET.toMillis());
                System.err.println(
                    "pipeline-service: shutdown took longer than "
                        + SHUTDOWN_BUDGET.toSeconds()
                        + " s; halting");
                Runtime.getRuntime().halt(1);
              } catch (InterruptedException e) {
                // shutdown finished in time
              }
            },
            "shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    service.close();
    watchdog.interrupt();
  }
}
