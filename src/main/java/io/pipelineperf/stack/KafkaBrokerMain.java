package io.pipelineperf.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Child-JVM entry point of the embedded broker: {@code KafkaBrokerMain <server.properties>
 * <clusterId>} formats the storage unless already formatted, then runs {@code kafka.Kafka}.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    String properties = args[0];
    String clusterId = args[1];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int rc =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", properties, "--ignore-formatted"}, out);
    if (rc != 0) {
      System.err.println("KafkaBrokerMain: storage format failed with exit code " + rc);
      System.exit(rc);
    }
    kafka.Kafka.main(new String[] {properties});
  }
}
