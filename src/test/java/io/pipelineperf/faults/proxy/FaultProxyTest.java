package io.pipelineperf.faults.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FaultProxyTest {
  private static final int READ_TIMEOUT_MS = 5000;

  private EchoServer echo;
  private FaultProxy proxy;

  @BeforeEach
  void startEchoAndProxy() throws IOException {
    echo = new EchoServer();
    proxy = FaultProxy.start("test", 0, "127.0.0.1", echo.port());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private TestClient client() throws IOException {
    return new TestClient(proxy.port(), READ_TIMEOUT_MS);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void forwardsBothWaysAndCountsBytesAndConnections() throws IOException {
    assertThat(proxy.address()).isEqualTo("127.0.0.1:" + proxy.port());
    byte[] data = TestClient.payload(100_000);
    try (TestClient client = client()) {
      assertThat(client.roundTrip(data)).isEqualTo(data);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              ProxyStats stats = proxy.stats();
              assertThat(stats.connectionsAccepted()).isEqualTo(1);
              assertThat(stats.connectionsActive()).isZero();
              assertThat(stats.of(Direction.UPSTREAM).bytesSent()).isEqualTo(data.length);
              assertThat(stats.of(Direction.DOWNSTREAM).bytesReceived()).isEqualTo(data.length);
              assertThat(stats.of(Direction.DOWNSTREAM).bytesSent()).isEqualTo(data.length);
            });
  }

  @Test
  void carriesManyConcurrentConnectionsIntact() throws Exception {
    int clients = 16;
    byte[] data = TestClient.payload(64 * 1024);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (TestClient client = client()) {
                    return client.roundTrip(data);
                  }
                }));
      }
      for (Future<byte[]> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(data);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(echo.accepted()).isEqualTo(clients);
  }

  @Test
  void passesHalfCloseOnAndEndsTheConnection() throws IOException {
    byte[] data = TestClient.payload(10_000);
    try (TestClient client = client()) {
      client.send(data);
      client.socket.shutdownOutput();
      assertThat(client.readToEnd()).isEqualTo(data);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stats().connectionsActive() == 0);
  }

  @Test
  void latencyDelaysEveryExchangeUntilRemoved() throws IOException {
    byte[] data = TestClient.payload(100);
    try (TestClient client = client()) {
      client.roundTrip(data); // connected and warm
      proxy.add(Toxic.latency(Direction.DOWNSTREAM, 500, 0));

      long start = System.nanoTime();
      assertThat(client.roundTrip(data)).isEqualTo(data);
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(500);

      assertThat(proxy.remove("latency_downstream")).isTrue();
      start = System.nanoTime();
      assertThat(client.roundTrip(data)).isEqualTo(data);
      assertThat(millisSince(start)).isLessThan(500);
    }
  }

  @Test
  void latencyWithJitterOnUpstreamAppliesToNewConnections() throws IOException {
    proxy.add(Toxic.latency(Direction.UPSTREAM, 200, 50));
    byte[] data = TestClient.payload(100);
    try (TestClient client = client()) {
      long start = System.nanoTime();
      assertThat(client.roundTrip(data)).isEqualTo(data);
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(150);
    }
  }

  @Test
  void toxicityZeroNeverApplies() throws IOException {
    proxy.add(Toxic.latency(Direction.DOWNSTREAM, 1000, 0).withToxicity(0.0));
    try (TestClient client = client()) {
      long start = System.nanoTime();
      client.roundTrip(TestClient.payload(100));
      assertThat(millisSince(start)).isLessThan(1000);
    }
  }

  @Test
  void toxicityIsDrawnPerConnection() throws IOException {
    // limit_data 0 closes a connection at its first byte: a visible, timing-free outcome
    proxy.add(Toxic.limitData(Direction.UPSTREAM, 0).withToxicity(0.5));
    int cut = 0;
    int passed = 0;
    for (int i = 0; i < 40; i++) {
      try (TestClient client = client()) {
        client.send(TestClient.payload(10));
        client.socket.shutdownOutput();
        if (client.readToEnd().length == 10) {
          passed++;
        } else {
          cut++;
        }
      } catch (SocketException e) {
        cut++;
      }
    }
    assertThat(cut).isPositive();
    assertThat(passed).isPositive();
  }

  @Test
  void startingAndClosingManyProxiesLeavesNoThreads() {
    for (int i = 0; i < 20; i++) {
      FaultProxy.builder("churn").upstream("127.0.0.1", echo.port()).ioThreads(2).start().close();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxyThreads("churn") == 0);
  }

  @Test
  void downRefusesNewConnectionsAndCutsOpenOnesUntilRemoved() throws IOException {
    int port = proxy.port();
    try (TestClient open = client()) {
      open.roundTrip(TestClient.payload(10));
      proxy.add(Toxic.down());

      assertThat(proxy.isDown()).isTrue();
      assertThat(readEndsOrResets(open)).isTrue();
      assertThatThrownBy(() -> new TestClient(port, READ_TIMEOUT_MS))
          .isInstanceOf(ConnectException.class);
    }
    assertThat(proxy.stats().connectionsCut()).isEqualTo(1);

    proxy.remove("down");
    assertThat(proxy.port()).isEqualTo(port);
    try (TestClient client = client()) {
      byte[] data = TestClient.payload(1000);
      assertThat(client.roundTrip(data)).isEqualTo(data);
    }
  }

  @Test
  void clearHealsDown() throws IOException {
    proxy.add(Toxic.down());
    proxy.clear();
    try (TestClient client = client()) {
      assertThat(client.roundTrip(TestClient.payload(10))).hasSize(10);
    }
  }

  @Test
  void blackholeStallsAndHealingDeliversTheHeldData() throws IOException {
    byte[] data = TestClient.payload(1000);
    try (TestClient client = new TestClient(proxy.port(), 300)) {
      client.roundTrip(data);
      proxy.add(Toxic.blackhole(Direction.UPSTREAM));
      client.send(data);
      assertThatThrownBy(client::read).isInstanceOf(SocketTimeoutException.class);

      proxy.remove("blackhole_upstream");
      client.socket.setSoTimeout(READ_TIMEOUT_MS);
      assertThat(client.readFully(data.length)).isEqualTo(data);
    }
  }

  @Test
  void timeoutClosesTheConnectionAfterItsDelay() throws IOException {
    proxy.add(Toxic.timeout(Direction.DOWNSTREAM, 200));
    try (TestClient client = client()) {
      long start = System.nanoTime();
      client.send(TestClient.payload(10));
      assertThat(client.read()).isEqualTo(-1); // nothing came back, then end of stream
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(150);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stats().connectionsCut() == 1);
  }

  @Test
  void resetPeerResetsOpenConnections() throws IOException {
    try (TestClient client = client()) {
      client.roundTrip(TestClient.payload(10));
      proxy.add(Toxic.resetPeer(Direction.DOWNSTREAM, 0));
      assertThatThrownBy(client::read)
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void resetPeerWithDelayResetsNewConnectionsLater() throws IOException {
    proxy.add(Toxic.resetPeer(Direction.UPSTREAM, 300));
    try (TestClient client = client()) {
      long start = System.nanoTime();
      byte[] data = TestClient.payload(10);
      assertThat(client.roundTrip(data)).isEqualTo(data);
      assertThatThrownBy(client::read).isInstanceOf(SocketException.class);
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(250);
    }
  }

  @Test
  void bandwidthThrottlesThroughput() throws IOException {
    proxy.add(Toxic.bandwidth(Direction.DOWNSTREAM, 50)); // 50 000 bytes/s
    byte[] data = TestClient.payload(50_000);
    try (TestClient client = client()) {
      long start = System.nanoTime();
      client.send(data);
      assertThat(client.readFully(data.length)).isEqualTo(data);
      long elapsed = millisSince(start);
      assertThat(elapsed).isGreaterThanOrEqualTo(700).isLessThan(5000);
    }
  }

  @Test
  void slicerDeliversIntactDataInDelayedSlices() throws IOException {
    proxy.add(Toxic.slicer(Direction.DOWNSTREAM, 100, 20, 20_000)); // ~10 slices, 20 ms apart
    byte[] data = TestClient.payload(1000);
    try (TestClient client = client()) {
      long start = System.nanoTime();
      assertThat(client.roundTrip(data)).isEqualTo(data);
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void limitDataPassesThatManyBytesThenCloses() throws IOException {
    proxy.add(Toxic.limitData(Direction.DOWNSTREAM, 1000));
    try (TestClient client = client()) {
      client.send(TestClient.payload(3000));
      byte[] received = client.readToEnd();
      assertThat(received).hasSize(1000);
    }
  }

  @Test
  void namesAreUniqueAndRemovable() {
    proxy.add(Toxic.latency(Direction.UPSTREAM, 10, 0));
    assertThatThrownBy(() -> proxy.add(Toxic.latency(Direction.UPSTREAM, 20, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency_upstream");
    proxy.add(Toxic.latency(Direction.UPSTREAM, 20, 0).named("more_latency"));
    assertThat(proxy.toxics())
        .extracting(Toxic::name)
        .containsExactly("latency_upstream", "more_latency");
    assertThat(proxy.remove("nope")).isFalse();
    proxy.clear();
    assertThat(proxy.toxics()).isEmpty();
  }

  @Test
  void unreachableUpstreamClosesTheClient() throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    try (FaultProxy dead = FaultProxy.start("dead", 0, "127.0.0.1", deadPort);
        TestClient client = new TestClient(dead.port(), READ_TIMEOUT_MS)) {
      assertThat(readEndsOrResets(client)).isTrue();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> dead.stats().upstreamConnectFailures() == 1);
    }
  }

  @Test
  void twoIoThreadsShareTheConnections() throws IOException {
    try (FaultProxy wide =
        FaultProxy.builder("wide").upstream("127.0.0.1", echo.port()).ioThreads(2).start()) {
      for (int i = 0; i < 4; i++) {
        try (TestClient client = new TestClient(wide.port(), READ_TIMEOUT_MS)) {
          byte[] data = TestClient.payload(5000 + i);
          assertThat(client.roundTrip(data)).isEqualTo(data);
        }
      }
    }
  }

  @Test
  void closeReleasesThePortTheThreadsAndTheConnections() throws IOException {
    FaultProxy closing = FaultProxy.start("closing", 0, "127.0.0.1", echo.port());
    int port = closing.port();
    try (TestClient client = new TestClient(port, READ_TIMEOUT_MS)) {
      client.roundTrip(TestClient.payload(10));
      assertThat(proxyThreads("closing")).isEqualTo(1);
      closing.close();
      assertThat(readEndsOrResets(client)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxyThreads("closing") == 0);
    try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
    assertThat(closing.isRunning()).isFalse();
    assertThatThrownBy(() -> closing.add(Toxic.down()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    closing.close(); // idempotent
  }

  @Test
  void busyPortFailsFastNamingIt() {
    int port = proxy.port();
    assertThatThrownBy(() -> FaultProxy.start("busy", port, "127.0.0.1", echo.port()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(String.valueOf(port));
    assertThat(proxyThreads("busy")).isZero();
  }

  @Test
  void badSettingsFailFastNamingTheSetting() {
    assertThatThrownBy(() -> FaultProxy.start("x", 70000, "127.0.0.1", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listen port");
    assertThatThrownBy(() -> FaultProxy.start("x", 0, "", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upstream host");
    assertThatThrownBy(() -> FaultProxy.start("x", 0, "127.0.0.1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upstream port");
    assertThatThrownBy(() -> FaultProxy.builder("x").upstream("127.0.0.1", 1).ioThreads(0).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ioThreads");
  }

  /** True once the client sees end of stream or a reset (how a cut connection looks). */
  private static boolean readEndsOrResets(TestClient client) throws IOException {
    try {
      return client.read() == -1;
    } catch (SocketException e) {
      return true;
    }
  }

  private static long proxyThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("faultproxy-" + name + "-io-") && t.isAlive())
        .count();
  }
}
