package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied client: the accepted client socket, the socket to the upstream, and the two {@link
 * Flow}s between them. Lives on one {@link EventLoop}; all methods run on that loop's thread.
 */
final class ProxyConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);

  /** How the connection ends. */
  enum Ending {
    /** FIN to both peers. */
    CLOSE,
    /** RST to both peers (SO_LINGER 0 then close). */
    RESET
  }

  private final ProxyContext context;
  private final EventLoop loop;
  private final ConnectionRegistry registry;
  private final Endpoint client;
  private final Endpoint upstream;
  private final Flow toUpstream;
  private final Flow toDownstream;
  private EventLoop.Timer connectTimer;
  private boolean connected;
  private boolean closed;

  /** The loop's own record of its connections, to close them all on down or stop. */
  interface ConnectionRegistry {
    void added(ProxyConnection connection);

    void removed(ProxyConnection connection);
  }

  ProxyConnection(
      ProxyContext context,
      EventLoop loop,
      ConnectionRegistry registry,
      SocketChannel clientChannel,
      SocketChannel upstreamChannel) {
    this.context = context;
    this.loop = loop;
    this.registry = registry;
    this.client = new Endpoint(clientChannel);
    this.upstream = new Endpoint(upstreamChannel);
    this.toUpstream = new Flow(Direction.UPSTREAM, this, client, upstream);
    this.toDownstream = new Flow(Direction.DOWNSTREAM, this, upstream, client);
    client.reader = toUpstream;
    client.writer = toDownstream;
    upstream.reader = toDownstream;
    upstream.writer = toUpstream;
  }

  /** Registers both sockets and starts connecting to the upstream. */
  void start() {
    registry.added(this);
    context.counters.active.incrementAndGet();
    try {
      client.register(0);
      upstream.register(0);
      if (upstream.channel.connect(context.upstreamAddress())) {
        onConnected();
      } else {
        upstream.setInterest(SelectionKey.OP_CONNECT);
        connectTimer =
            loop.schedule(
                context.connectTimeoutNanos,
                () -> failConnect(new IOException("connect timed out")));
      }
    } catch (IOException | RuntimeException e) {
      failConnect(e);
    }
  }

  ProxyContext context() {
    return context;
  }

  EventLoop loop() {
    return loop;
  }

  boolean isConnected() {
    return connected && !closed;
  }

  boolean isClosed() {
    return closed;
  }

  /** Toxics changed: both flows re-read them and move on. */
  void refresh() {
    if (isConnected()) {
      toUpstream.refresh();
      toDownstream.refresh();
    }
  }

  /** Called by a flow that has delivered everything, including end of stream. */
  void flowFinished() {
    if (toUpstream.isFinished() && toDownstream.isFinished()) {
      end(Ending.CLOSE, false);
    }
  }

  /** Ends the connection; {@code byToxic} counts it in {@link ProxyStats#connectionsCut()}. */
  void end(Ending ending, boolean byToxic) {
    if (closed) {
      return;
    }
    closed = true;
    if (connectTimer != null) {
      connectTimer.cancel();
    }
    // counted before the peers can see the close
    context.counters.active.decrementAndGet();
    if (byToxic) {
      context.counters.cut.incrementAndGet();
    }
    toUpstream.release();
    toDownstream.release();
    client.close(ending);
    upstream.close(ending);
    registry.removed(this);
  }

  private void onConnected() throws IOException {
    connected = true;
    if (connectTimer != null) {
      connectTimer.cancel();
    }
    toUpstream.refresh();
    toDownstream.refresh();
    client.updateInterest();
    upstream.updateInterest();
  }

  private void failConnect(Exception e) {
    if (closed) {
      return;
    }
    LOG.debug(
        "proxy {}: upstream {} unreachable: {}",
        context.name,
        context.upstreamAddress(),
        e.toString());
    context.counters.connectFailures.incrementAndGet();
    end(Ending.CLOSE, false);
  }

  /** A socket of this connection: reads feed one flow, writes drain the other. */
  final class Endpoint implements EventLoop.Handler {
    final SocketChannel channel;
    private SelectionKey key;
    private Flow reader;
    private Flow writer;

    Endpoint(SocketChannel channel) {
      this.channel = channel;
    }

    void register(int ops) throws IOException {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      key = channel.register(loop.selector(), ops, this);
    }

    void setInterest(int ops) {
      key.interestOps(ops);
    }

    void updateInterest() {
      if (key == null || !key.isValid()) {
        return;
      }
      int ops = (reader.wantsRead() ? SelectionKey.OP_READ : 0);
      ops |= (writer.wantsWrite() ? SelectionKey.OP_WRITE : 0);
      if (key.interestOps() != ops) {
        key.interestOps(ops);
      }
    }

    @Override
    public void onReady(SelectionKey readyKey) throws IOException {
      if (readyKey.isConnectable()) {
        if (channel.finishConnect()) {
          onConnected();
        }
        return;
      }
      if (readyKey.isValid() && readyKey.isWritable()) {
        writer.onWritable();
      }
      if (readyKey.isValid() && readyKey.isReadable()) {
        reader.onReadable();
      }
    }

    @Override
    public void onFailure(Exception e) {
      if (!connected) {
        failConnect(e);
      } else {
        // A peer reset or vanished: pass the reset on to the other peer.
        LOG.debug("proxy {}: connection failed: {}", context.name, e.toString());
        end(Ending.RESET, false);
      }
    }

    void shutdownOutput() {
      try {
        channel.shutdownOutput();
      } catch (ClosedChannelException e) {
        // already gone: nothing to tell the peer
      } catch (IOException e) {
        LOG.debug("proxy {}: shutdownOutput failed: {}", context.name, e.toString());
      }
    }

    private void close(Ending ending) {
      try {
        if (ending == Ending.RESET && channel.isOpen()) {
          channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("proxy {}: SO_LINGER 0 failed: {}", context.name, e.toString());
      }
      if (key != null) {
        key.cancel();
      }
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("proxy {}: close failed: {}", context.name, e.toString());
      }
    }
  }
}
