package io.pipelineperf.monitor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Checks that at least one host:port of a bootstrap list accepts a TCP connection. */
final class TcpProbe {

  private final List<InetSocketAddress> addresses = new ArrayList<>();
  private final int timeoutMs;
  private final String hostPorts;

  TcpProbe(String hostPorts, int timeoutMs) {
    this.timeoutMs = timeoutMs;
    this.hostPorts = hostPorts;
    for (String hostPort : hostPorts.split(",")) {
      String hp = hostPort.strip();
      int colon = hp.lastIndexOf(':');
      if (colon <= 0 || colon == hp.length() - 1) {
        throw new IllegalArgumentException(
            "kafka bootstrap '" + hostPorts + "' is not a host:port list, e.g. 127.0.0.1:9092");
      }
      int port;
      try {
        port = Integer.parseInt(hp.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "kafka bootstrap '" + hostPorts + "' has a bad port in '" + hp + "'");
      }
      addresses.add(InetSocketAddress.createUnresolved(hp.substring(0, colon), port));
    }
  }

  void check() throws ConnectException {
    for (InetSocketAddress unresolved : addresses) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()), timeoutMs);
        return;
      } catch (IOException e) {
        // try the next one
      }
    }
    throw new ConnectException("no bootstrap server accepts connections: " + hostPorts);
  }
}
