package io.pipelineperf.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Kafka Connect standalone worker ({@value #MAIN_CLASS}) in its own JVM, on its own classpath
 * ({@link ConnectClasspath}), running the Debezium JDBC sink that {@link ConnectSinkConfig}
 * describes. Ready when the REST API reports the connector and all its tasks RUNNING. The REST port
 * and the properties files are kept across restarts.
 */
public final class KafkaConnectWorker extends ChildJvmComponent {
  public static final String MAIN_CLASS = "org.apache.kafka.connect.cli.ConnectStandalone";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ConnectSinkConfig config;
  private final Path configDir;
  private final String heap;
  private final List<String> extraJvmArgs;
  private final int jmxPort = PortAllocator.freePort();
  private final ChildJvm jvm;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param configDir where worker.properties and the connector's properties are written
   * @param extraJvmArgs further JVM options, e.g. a private hosts file for DNS faults
   */
  public KafkaConnectWorker(
      ConnectSinkConfig config,
      Path configDir,
      Path logFile,
      String heap,
      List<String> extraJvmArgs) {
    this.config = config;
    this.configDir = configDir;
    this.heap = heap;
    this.extraJvmArgs = List.copyOf(extraJvmArgs);
    this.jvm = new ChildJvm("kafka-connect", logFile, ConnectClasspath::resolve);
  }

  @Override
  public String name() {
    return "kafka-connect";
  }

  public ConnectSinkConfig config() {
    return config;
  }

  /** The worker's JMX endpoint, {@code 127.0.0.1:<port>} (kept across restarts): CPU and heap. */
  public String jmxAddress() {
    return "127.0.0.1:" + jmxPort;
  }

  @Override
  public synchronized void start() {
    if (jvm.isRunning()) {
      return;
    }
    Path worker = write("worker.properties", config.workerProperties());
    Path connector = write(config.name() + ".properties", config.connectorProperties());
    List<String> jvmArgs =
        new java.util.ArrayList<>(
            List.of(
                "-Xms128m",
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=io/pipelineperf/stack/child-logback.xml"));
    jvmArgs.addAll(LoopbackJmx.jvmArguments(jmxPort));
    jvmArgs.addAll(extraJvmArgs);
    jvm.launch(jvmArgs, MAIN_CLASS, List.of(worker.toString(), connector.toString()));
    awaitRunning();
  }

  private Path write(String fileName, java.util.Map<String, String> properties) {
    try {
      Files.createDirectories(configDir);
      Path file = configDir.resolve(fileName);
      Files.writeString(file, ConnectSinkConfig.propertiesText(properties), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + fileName + " in " + configDir, e);
    }
  }

  /** Polls {@code GET /connectors/<name>/status} until the connector and its tasks run. */
  private void awaitRunning() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest status =
        HttpRequest.newBuilder(
                URI.create(config.restUrl() + "/connectors/" + config.name() + "/status"))
            .timeout(Duration.ofSeconds(3))
            .GET()
            .build();
    String last = "no answer";
    while (true) {
      jvm.requireAlive("starting");
      try {
        HttpResponse<String> r = http.send(status, HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200) {
          ConnectorState state = ConnectorState.parse(json.readTree(r.body()));
          if (state.failed()) {
            throw new StackStartException(
                "connector " + config.name() + " failed: " + state.trace() + logTail());
          }
          if (state.running()) {
            return;
          }
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted while waiting for Kafka Connect", e);
      }
      if (System.nanoTime() > deadline) {
        throw new StackStartException(
            "Kafka Connect connector "
                + config.name()
                + " not RUNNING within "
                + READY_TIMEOUT.toSeconds()
                + " s (last: "
                + last
                + ")"
                + logTail());
      }
      sleep(250);
    }
  }

  private String logTail() {
    return "; last lines of " + jvm.logFile() + ":\n" + LogTail.of(jvm.logFile(), 30);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while waiting for Kafka Connect", e);
    }
  }

  /** The connector's and its tasks' states as the REST API reports them. */
  record ConnectorState(String connector, List<String> tasks, String trace) {
    static ConnectorState parse(JsonNode status) {
      List<String> tasks = new java.util.ArrayList<>();
      StringBuilder trace = new StringBuilder(status.path("connector").path("trace").asText(""));
      for (JsonNode task : status.path("tasks")) {
        tasks.add(task.path("state").asText(""));
        trace.append(task.path("trace").asText(""));
      }
      return new ConnectorState(
          status.path("connector").path("state").asText(""), tasks, trace.toString());
    }

    boolean running() {
      return connector.equals("RUNNING")
          && !tasks.isEmpty()
          && tasks.stream().allMatch("RUNNING"::equals);
    }

    boolean failed() {
      return connector.equals("FAILED") || tasks.contains("FAILED");
    }
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
