package io.pipelineperf.stack;

import java.util.List;

/**
 * JVM options for remote JMX on loopback only, without authentication or TLS (nothing but this
 * machine can reach it), the RMI objects on the same port so one port is all a client needs.
 */
final class LoopbackJmx {
  private LoopbackJmx() {}

  static List<String> jvmArguments(int port) {
    String p = Integer.toString(port);
    return List.of(
        "-Dcom.sun.management.jmxremote.port=" + p,
        "-Dcom.sun.management.jmxremote.rmi.port=" + p,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Djava.rmi.server.hostname=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false",
        "-Dcom.sun.management.jmxremote.local.only=true");
  }
}
