package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket, served by the first worker's loop; hands accepted clients round-robin to
 * the workers. It can be unbound (down: new connections are refused) and bound again on the same
 * port.
 */
final class Listener implements EventLoop.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
  private static final int BACKLOG = 1024;
  private static final int MAX_ACCEPTS_PER_ROUND = 64;
  private static final int REBIND_ATTEMPTS = 100;
  private static final long REBIND_PAUSE_NANOS = 20_000_000L;

  private final ProxyContext context;
  private final List<Worker> workers;
  private final EventLoop loop;
  private final InetSocketAddress address;
  private volatile ServerSocketChannel channel;
  private SelectionKey key;
  private int nextWorker;

  private Listener(ProxyContext context, List<Worker> workers, ServerSocketChannel channel)
      throws IOException {
    this.context = context;
    this.workers = workers;
    this.loop = workers.get(0).loop;
    this.channel = channel;
    this.address = (InetSocketAddress) channel.getLocalAddress();
  }

  /** Binds now (so a busy port fails the caller at once); {@link #register()} starts accepting. */
  static Listener bind(ProxyContext context, InetSocketAddress address, List<Worker> workers)
      throws IOException {
    return new Listener(context, workers, open(address));
  }

  int port() {
    return address.getPort();
  }

  CompletableFuture<Void> register() {
    ServerSocketChannel bound = channel;
    return loop.submit(
        () -> {
          try {
            key = bound.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
          } catch (IOException e) {
            throw new IllegalStateException("could not register the listening socket", e);
          }
        });
  }

  /** Closes the listening socket: connection attempts are refused from the moment this is done. */
  CompletableFuture<Void> unbind() {
    return loop.submit(
        () -> {
          ServerSocketChannel current = channel;
          if (current == null) {
            return;
          }
          channel = null;
          if (key != null) {
            key.cancel();
            key = null;
          }
          try {
            current.close();
          } catch (IOException e) {
            LOG.debug("proxy {}: closing the listener failed: {}", context.name, e.toString());
          }
          loop.flushClosedChannels();
        });
  }

  /**
   * Binds the same port again, retrying briefly (bounded) while the old socket is released, then
   * accepts again.
   */
  CompletableFuture<Void> bindAgain() {
    IOException last = null;
    for (int attempt = 0; attempt < REBIND_ATTEMPTS; attempt++) {
      try {
        channel = open(address);
        return register();
      } catch (IOException e) {
        last = e;
        LockSupport.parkNanos(REBIND_PAUSE_NANOS);
      }
    }
    return CompletableFuture.failedFuture(
        new IllegalStateException("binding " + address + " failed: " + last.getMessage(), last));
  }

  @Override
  public void onReady(SelectionKey readyKey) throws IOException {
    ServerSocketChannel current = channel;
    if (current == null || !readyKey.isAcceptable()) {
      return;
    }
    for (int i = 0; i < MAX_ACCEPTS_PER_ROUND; i++) {
      SocketChannel client = current.accept();
      if (client == null) {
        return;
      }
      context.counters.accepted.incrementAndGet();
      Worker worker = workers.get(nextWorker);
      nextWorker = (nextWorker + 1) % workers.size();
      if (worker.loop == loop) {
        worker.adopt(client);
      } else {
        worker.loop.execute(() -> worker.adopt(client));
      }
    }
  }

  @Override
  public void onFailure(Exception e) {
    // e.g. too many open files: keep listening, the next round may succeed
    LOG.warn("proxy {}: accept failed: {}", context.name, e.toString());
  }

  private static ServerSocketChannel open(InetSocketAddress address) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, BACKLOG);
      server.configureBlocking(false);
      return server;
    } catch (IOException e) {
      server.close();
      throw e;
    }
  }
}
