package io.pipelineperf.monitor;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A lazily (re)opened remote JMX connection to {@code host:port} (RMI connector, no auth). */
final class JmxConnection implements AutoCloseable {

  static {
    // RMI reads have no timeout by default: a paused service (SIGSTOP) would hold a sampler
    // thread for ever. JVM-wide, read once when RMI's transport loads; 30 s fits a histogram.
    if (System.getProperty("sun.rmi.transport.tcp.responseTimeout") == null) {
      System.setProperty("sun.rmi.transport.tcp.responseTimeout", "30000");
    }
  }

  private final String address;
  private final JMXServiceURL url;
  private final long timeoutMs;
  private JMXConnector connector;

  JmxConnection(String address, long timeoutMs) {
    if (address == null || !address.matches("[^:\\s]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "JMX address '" + address + "' is not host:port, e.g. -Dservice.jmx=127.0.0.1:9010");
    }
    this.address = address;
    this.timeoutMs = timeoutMs;
    try {
      this.url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi");
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("JMX address '" + address + "': " + e.getMessage(), e);
    }
  }

  String address() {
    return address;
  }

  /** The open connection, reconnecting when the last one failed. */
  synchronized MBeanServerConnection get() throws IOException {
    if (connector == null) {
      Map<String, Object> env = new HashMap<>();
      // bounds the RMI socket connect (sun.rmi.transport.connectionTimeout is JVM-wide)
      env.put("jmx.remote.x.client.connection.check.period", 0L);
      env.put("jmx.remote.x.request.waiting.timeout", timeoutMs);
      connector = JMXConnectorFactory.connect(url, env);
    }
    try {
      return connector.getMBeanServerConnection();
    } catch (IOException e) {
      reset();
      throw e;
    }
  }

  /** Drops the connection after a failure; the next {@link #get()} reconnects. */
  synchronized void reset() {
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException ignored) {
        // already broken
      }
      connector = null;
    }
  }

  @Override
  public void close() {
    reset();
  }
}
