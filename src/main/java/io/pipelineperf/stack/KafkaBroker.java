package io.pipelineperf.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, combined broker+controller, one node) in its own JVM. Listeners, all
 * on 127.0.0.1: PLAINTEXT (direct, for load generators and tests), CONTROLLER, and PROXIED (what
 * the service uses; its advertised port can point at a fault proxy). Ports and data survive
 * restarts.
 */
public final class KafkaBroker extends ChildJvmComponent {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final String heap;
  private final int directPort;
  private final int controllerPort;
  private final int proxiedPort;
  private final String clusterId = Uuid.randomUuid().toString();
  private final ChildJvm jvm;

  private volatile int proxiedAdvertisedPort;
  private volatile String proxiedAdvertisedHost = "127.0.0.1";

  /** Picks free ports now; nothing runs until {@link #start()}. */
  public KafkaBroker(Path dataDir, Path logFile, String heap) {
    List<Integer> ports = PortAllocator.freePorts(3);
    this.dataDir = dataDir;
    this.heap = heap;
    this.directPort = ports.get(0);
    this.controllerPort = ports.get(1);
    this.proxiedPort = ports.get(2);
    this.proxiedAdvertisedPort = proxiedPort;
    this.jvm = new ChildJvm("kafka", logFile);
  }

  @Override
  public String name() {
    return "kafka";
  }

  /** Bootstrap for clients that bypass any proxy. */
  public String directBootstrap() {
    return "127.0.0.1:" + directPort;
  }

  /** Bootstrap for the service: the PROXIED listener's advertised address (a proxy, if set). */
  public String proxiedBootstrap() {
    return proxiedAdvertisedHost + ":" + proxiedAdvertisedPort;
  }

  /** The port the PROXIED listener actually binds (a fault proxy's upstream). */
  public int proxiedListenerPort() {
    return proxiedPort;
  }

  public int proxiedAdvertisedPort() {
    return proxiedAdvertisedPort;
  }

  /** Port advertised on the PROXIED listener; takes effect at the next {@link #start()}. */
  public void advertiseProxiedPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    this.proxiedAdvertisedPort = port;
  }

  /**
   * Host name (default 127.0.0.1) and port advertised on the PROXIED listener, e.g. a name that the
   * service resolves through a private hosts file; takes effect at the next {@link #start()}.
   */
  public void advertiseProxied(String host, int port) {
    if (host == null || !host.matches("[A-Za-z0-9.-]+")) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or IPv4 address");
    }
    advertiseProxiedPort(port);
    this.proxiedAdvertisedHost = host;
  }

  @Override
  public synchronized void start() {
    if (jvm.isRunning()) {
      return;
    }
    Path properties = writeServerProperties();
    jvm.launch(
        List.of(
            "-Xms256m",
            "-Xmx" + heap,
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-Djava.awt.headless=true",
            "-Dlogback.configurationFile=io/pipelineperf/stack/child-logback.xml"),
        KafkaBrokerMain.class.getName(),
        List.of(properties.toString(), clusterId));
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    // cheap port probe first, so that the admin client does not log connection failures meanwhile
    while (!PortAllocator.isListening(directPort)) {
      jvm.requireAlive("starting");
      checkDeadline(deadline);
      sleep(100);
    }
    try (Admin admin = Admin.create(TopicCreator.adminProperties(directBootstrap()))) {
      while (true) {
        jvm.requireAlive("starting");
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StackStartException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
          // not ready yet
        }
        checkDeadline(deadline);
        sleep(200);
      }
    }
  }

  private void checkDeadline(long deadline) {
    if (System.nanoTime() > deadline) {
      throw new StackStartException(
          "kafka broker not ready within "
              + READY_TIMEOUT.toSeconds()
              + " s on "
              + directBootstrap()
              + "; last lines of "
              + logFile()
              + ":\n"
              + LogTail.of(logFile(), 30));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while waiting for the broker", e);
    }
  }

  Path writeServerProperties() {
    Path logDirs = dataDir.resolve("kafka-logs");
    String props =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listeners=PLAINTEXT://127.0.0.1:"
                + directPort
                + ",CONTROLLER://127.0.0.1:"
                + controllerPort
                + ",PROXIED://127.0.0.1:"
                + proxiedPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:"
                + directPort
                + ",PROXIED://"
                + proxiedAdvertisedHost
                + ":"
                + proxiedAdvertisedPort,
            "listener.security.protocol.map="
                + "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT",
            "log.dirs=" + logDirs,
            "num.partitions=" + Topics.DEFAULT_PARTITIONS,
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=10",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "min.insync.replicas=1",
            "group.initial.rebalance.delay.ms=0",
            // After a SIGKILL the node's own controller refuses the restarted broker
            // (DUPLICATE_BROKER_REGISTRATION) until the old session expires: Kafka's 9 s default
            // made every broker restart take ~10 s.
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=1000",
            // small segments and bounded retention: a long run at 20 k msg/s writes ~1 GB/min
            "log.segment.bytes=67108864",
            "log.retention.bytes=536870912",
            "log.retention.ms=3600000",
            "log.retention.check.interval.ms=60000",
            "num.recovery.threads.per.data.dir=2",
            "");
    try {
      Files.createDirectories(logDirs);
      Path file = dataDir.resolve("server.properties");
      Files.writeString(file, props, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker configuration in " + dataDir, e);
    }
  }

  /** Exit code of the last broker process; empty while running. */
  public OptionalInt exitCode() {
    return jvm.exitCode();
  }

  public Path dataDir() {
    return dataDir;
  }

  List<Integer> ports() {
    return List.of(directPort, controllerPort, proxiedPort);
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
