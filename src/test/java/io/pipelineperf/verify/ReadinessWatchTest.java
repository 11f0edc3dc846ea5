package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback that answers /ready with a status we choose. */
class ReadinessWatchTest {

  @Test
  void keepsTheTimesTheServiceWasNotReady() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ready",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    try (ReadinessWatch watch =
        ReadinessWatch.start(
            url, Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofMinutes(1))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.polls() >= 5);
      assertThat(watch.downTimes()).isEmpty();

      long before = System.currentTimeMillis();
      status.set(503);
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.downTimes().size() >= 3);
      server.stop(0); // refused connections count as down too
      int answered = watch.downTimes().size();
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.downTimes().size() >= answered + 3);

      assertThat(watch.downTimes()).allMatch(t -> t >= before - 50);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void stopsByItselfAfterItsBound() throws Exception {
    ReadinessWatch watch =
        ReadinessWatch.start(
            "http://127.0.0.1:9",
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            Duration.ofMillis(300));
    Thread.sleep(800);
    long polls = watch.polls();
    Thread.sleep(300);
    assertThat(watch.polls()).isEqualTo(polls);
    watch.close();
  }
}
