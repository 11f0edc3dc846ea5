package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/** An event loop and the connections it owns; the set is touched only on the loop's thread. */
final class Worker implements ProxyConnection.ConnectionRegistry {
  final EventLoop loop;
  private final ProxyContext context;
  private final Set<ProxyConnection> connections = new HashSet<>();

  Worker(ProxyContext context, String threadName) throws IOException {
    this.context = context;
    this.loop = new EventLoop(threadName);
    loop.onShutdown(() -> closeAll(false));
  }

  @Override
  public void added(ProxyConnection connection) {
    connections.add(connection);
  }

  @Override
  public void removed(ProxyConnection connection) {
    connections.remove(connection);
  }

  /** Runs on the loop: takes over an accepted client and connects it upstream. */
  void adopt(SocketChannel client) {
    if (context.toxics().isDown()) {
      closeQuietly(client); // accepted just before the proxy went down
      return;
    }
    SocketChannel upstream;
    try {
      upstream = SocketChannel.open();
    } catch (IOException e) {
      context.counters.connectFailures.incrementAndGet();
      closeQuietly(client);
      return;
    }
    new ProxyConnection(context, loop, this, client, upstream).start();
  }

  void refreshAll() {
    for (ProxyConnection connection : new ArrayList<>(connections)) {
      connection.refresh();
    }
  }

  void closeAll(boolean byToxic) {
    for (ProxyConnection connection : new ArrayList<>(connections)) {
      connection.end(ProxyConnection.Ending.CLOSE, byToxic);
    }
    loop.flushClosedChannels();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
