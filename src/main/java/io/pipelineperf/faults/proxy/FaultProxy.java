package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A TCP proxy on 127.0.0.1 that forwards every connection to one upstream host:port and applies
 * {@link Toxic}s, added and removed at runtime, in Toxiproxy's vocabulary.
 *
 * <pre>{@code
 * try (FaultProxy kafka = FaultProxy.start("kafka", 0, "127.0.0.1", brokerPort)) {
 *   kafka.add(Toxic.latency(Direction.DOWNSTREAM, 200, 50));
 *   ...
 *   kafka.remove("latency_downstream"); // healed
 * }
 * }</pre>
 *
 * <p>I/O runs on a small fixed number of selector threads (default 1), named {@code
 * faultproxy-<name>-io-<n>}; {@link #close()} closes every connection, releases the port and ends
 * the threads. Methods are thread-safe; {@link #add} and {@link #remove} return once the change is
 * in effect for every connection.
 */
public final class FaultProxy implements AutoCloseable {
  private static final long COMMAND_TIMEOUT_MILLIS = 10_000;
  private static final String LOOPBACK = "127.0.0.1";

  private final ProxyContext context;
  private final List<Worker> workers;
  private final Listener listener;
  private final Object lock = new Object();
  private boolean closed;

  private FaultProxy(ProxyContext context, List<Worker> workers, Listener listener) {
    this.context = context;
    this.workers = workers;
    this.listener = listener;
  }

  /**
   * Starts a proxy listening on 127.0.0.1:{@code listenPort} (0 = a free port, see {@link #port()})
   * that forwards to {@code upstreamHost:upstreamPort}.
   */
  public static FaultProxy start(
      String name, int listenPort, String upstreamHost, int upstreamPort) {
    return builder(name).listenPort(listenPort).upstream(upstreamHost, upstreamPort).start();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The name given at start, used in thread names and messages. */
  public String name() {
    return context.name;
  }

  /** The port the proxy listens on (stays the same across {@link Toxic#down()}). */
  public int port() {
    return listener.port();
  }

  /** "127.0.0.1:port": what clients use instead of the upstream (e.g. as a bootstrap server). */
  public String address() {
    return LOOPBACK + ":" + port();
  }

  public String upstreamHost() {
    return context.upstreamHost;
  }

  public int upstreamPort() {
    return context.upstreamPort;
  }

  /**
   * Adds a toxic; it applies at once to open and new connections.
   *
   * @throws IllegalArgumentException if a toxic with that name is present (remove it first, or give
   *     the new one another name with {@link Toxic#named(String)})
   */
  public FaultProxy add(Toxic toxic) {
    if (toxic == null) {
      throw new IllegalArgumentException("toxic is null");
    }
    synchronized (lock) {
      requireOpen();
      List<Toxic> toxics = new ArrayList<>(context.toxics().toxics());
      if (toxics.stream().anyMatch(t -> t.name().equals(toxic.name()))) {
        throw new IllegalArgumentException(
            "proxy '"
                + name()
                + "' already has a toxic named '"
                + toxic.name()
                + "': remove it first or use Toxic.named(...) for a second one");
      }
      boolean wasDown = isDown();
      toxics.add(toxic);
      context.publish(context.toxics().with(toxics));
      if (!wasDown && toxic instanceof Toxic.Down) {
        await(listener.unbind());
        closeAllConnections(true);
      }
      refreshAll();
    }
    return this;
  }

  /** Removes (heals) the toxic of that name; returns false if there was none. */
  public boolean remove(String toxicName) {
    synchronized (lock) {
      requireOpen();
      List<Toxic> toxics = new ArrayList<>(context.toxics().toxics());
      boolean removed = toxics.removeIf(t -> t.name().equals(toxicName));
      if (!removed) {
        return false;
      }
      boolean wasDown = isDown();
      context.publish(context.toxics().with(toxics));
      if (wasDown && !isDown()) {
        bindAgain();
      }
      refreshAll();
      return true;
    }
  }

  /** Removes every toxic: all traffic flows again. */
  public void clear() {
    synchronized (lock) {
      requireOpen();
      boolean wasDown = isDown();
      context.publish(context.toxics().with(List.of()));
      if (wasDown) {
        bindAgain();
      }
      refreshAll();
    }
  }

  /** The toxics present now, in the order they were added. */
  public List<Toxic> toxics() {
    return context.toxics().toxics();
  }

  public Optional<Toxic> toxic(String toxicName) {
    return toxics().stream().filter(t -> t.name().equals(toxicName)).findFirst();
  }

  /** True while a {@link Toxic#down()} toxic is present. */
  public boolean isDown() {
    return context.toxics().isDown();
  }

  public ProxyStats stats() {
    return context.counters.snapshot();
  }

  public boolean isRunning() {
    synchronized (lock) {
      return !closed;
    }
  }

  /** Same as {@link #close()}. */
  public void stop() {
    close();
  }

  /** Closes all connections, releases the port and ends the I/O threads; idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      await(listener.unbind());
    } catch (RuntimeException e) {
      // the loops' shutdown below closes whatever is left
    }
    for (Worker worker : workers) {
      worker.loop.stop(COMMAND_TIMEOUT_MILLIS);
    }
  }

  @Override
  public String toString() {
    return "FaultProxy["
        + name()
        + " 127.0.0.1:"
        + port()
        + " -> "
        + upstreamHost()
        + ":"
        + upstreamPort()
        + ", toxics="
        + toxics().stream().map(Toxic::name).toList()
        + "]";
  }

  private void bindAgain() {
    try {
      await(listener.bindAgain());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "proxy '"
              + name()
              + "' could not listen again on port "
              + port()
              + " after 'down' was removed: "
              + e.getMessage(),
          e);
    }
  }

  private void closeAllConnections(boolean byToxic) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (Worker worker : workers) {
      done.add(worker.loop.submit(() -> worker.closeAll(byToxic)));
    }
    done.forEach(FaultProxy::await);
  }

  private void refreshAll() {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (Worker worker : workers) {
      done.add(worker.loop.submit(worker::refreshAll));
    }
    done.forEach(FaultProxy::await);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("proxy '" + name() + "' is closed");
    }
  }

  private static void await(CompletableFuture<?> future) {
    try {
      future.get(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the proxy applied a change", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the proxy's I/O thread did not apply a change within " + COMMAND_TIMEOUT_MILLIS + " ms",
          e);
    }
  }

  /** Settings of a proxy; {@link #start()} validates them and starts it. */
  public static final class Builder {
    private final String name;
    private int listenPort;
    private String upstreamHost;
    private int upstreamPort = -1;
    private int ioThreads = 1;
    private long maxBufferedBytes = 8L * 1024 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder(String name) {
      this.name = name;
    }

    /** Port to listen on, 0 (default) for a free one. */
    public Builder listenPort(int port) {
      this.listenPort = port;
      return this;
    }

    public Builder upstream(String host, int port) {
      this.upstreamHost = host;
      this.upstreamPort = port;
      return this;
    }

    /** Selector threads; default 1, which carries hundreds of MB/s on loopback. */
    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /** Per connection and direction, data queued by toxics before reading pauses; default 8 MiB. */
    public Builder maxBufferedBytes(long bytes) {
      this.maxBufferedBytes = bytes;
      return this;
    }

    /** How long to wait for the upstream to accept a connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public FaultProxy start() {
      validate();
      ProxyContext context =
          new ProxyContext(
              name, upstreamHost, upstreamPort, maxBufferedBytes, connectTimeout.toNanos());
      List<Worker> workers = new ArrayList<>();
      try {
        for (int i = 0; i < ioThreads; i++) {
          workers.add(new Worker(context, "faultproxy-" + name + "-io-" + i));
        }
        Listener listener =
            Listener.bind(context, new InetSocketAddress(LOOPBACK, listenPort), workers);
        workers.forEach(worker -> worker.loop.start());
        await(listener.register());
        return new FaultProxy(context, List.copyOf(workers), listener);
      } catch (IOException e) {
        stopAll(workers);
        throw new UncheckedIOException(
            "proxy '"
                + name
                + "' could not listen on "
                + LOOPBACK
                + ":"
                + listenPort
                + " (port in use? use 0 for a free port): "
                + e.getMessage(),
            e);
      } catch (RuntimeException e) {
        stopAll(workers);
        throw e;
      }
    }

    private static void stopAll(List<Worker> workers) {
      workers.forEach(worker -> worker.loop.stop(COMMAND_TIMEOUT_MILLIS));
    }

    private void validate() {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("proxy name is blank: give a short name like 'kafka'");
      }
      if (listenPort < 0 || listenPort > 65535) {
        throw new IllegalArgumentException(
            "proxy '" + name + "': listen port " + listenPort + " is not in 0..65535 (0 = free)");
      }
      if (upstreamHost == null || upstreamHost.isBlank()) {
        throw new IllegalArgumentException(
            "proxy '" + name + "': upstream host is missing: set upstream(host, port)");
      }
      if (upstreamPort < 1 || upstreamPort > 65535) {
        throw new IllegalArgumentException(
            "proxy '" + name + "': upstream port " + upstreamPort + " is not in 1..65535");
      }
      if (ioThreads < 1 || ioThreads > 64) {
        throw new IllegalArgumentException(
            "proxy '" + name + "': ioThreads " + ioThreads + " is not in 1..64");
      }
      if (maxBufferedBytes < 64 * 1024) {
        throw new IllegalArgumentException(
            "proxy '" + name + "': maxBufferedBytes " + maxBufferedBytes + " is below 65536");
      }
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException(
            "proxy '" + name + "': connectTimeout must be positive, e.g. Duration.ofSeconds(10)");
      }
    }
  }
}
