package io.pipelineperf.stack;

/** The pipeline under test: Kafka, PostgreSQL and the service, wherever they run. */
public interface Stack extends AutoCloseable {

  /** {@link Target#EMBEDDED} starts everything; {@link Target#EXTERNAL} checks and uses it. */
  static Stack start(StackConfig config) {
    return switch (config.target()) {
      case EMBEDDED -> EmbeddedStack.start(config);
      case EXTERNAL -> ExternalStack.connect(config, Settings.fromSystem());
    };
  }

  Target target();

  /** Bootstrap servers for load generators and test clients (the direct listener). */
  String kafkaBootstrap();

  String dbUrl();

  String dbUser();

  String dbPassword();

  /**
   * Base URL of the service's HTTP ingress, e.g. {@code http://127.0.0.1:41234}; null for an
   * external service given without {@code http.url} (no HTTP ingress, no readiness endpoint).
   */
  String httpUrl();

  Topics topics();

  /**
   * The service JVM's remote JMX endpoint ({@code host:port}) for the JMX sampler and the leak
   * check: {@code -Dservice.jmx=} for a service the lab did not start; empty when unknown.
   */
  default java.util.Optional<String> jmxAddress() {
    String jmx = System.getProperty("service.jmx");
    return jmx == null || jmx.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(jmx);
  }

  /**
   * The service's pid on this host, for the process sampler: {@code -Dservice.pid=} or {@code
   * -Dservice.pidFile=} for a service the lab did not start ({@link ServicePid}); -1 when unknown
   * or not running right now.
   */
  default long servicePid() {
    return ServicePid.fromSystemProperties();
  }

  /** Idempotent; stops everything this stack started and wipes its data directories. */
  @Override
  void close();
}
