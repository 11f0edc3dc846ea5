package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: measures the proxy against a direct connection on loopback, with no toxic active. Run
 * after {@code mvn test-compile}: {@code java -cp target/classes:target/test-classes:<deps>
 * io.pipelineperf.faults.proxy.ProxyThroughputBenchmark [seconds]}.
 *
 * <ul>
 *   <li>small messages: 4 connections, each streaming 200-byte messages (one write each) to an echo
 *       server and reading the echoes back on a second thread: messages/s;
 *   <li>bulk: 1 connection streaming 64 KiB writes through the echo server: MB/s;
 *   <li>ping-pong: 1 connection, one 100-byte request waiting for its echo: round trips/s and
 *       median / p99 microseconds, i.e. the cost of the extra hop for request/response protocols.
 * </ul>
 *
 * <p>Then small and bulk again through the proxy with 20 ± 5 ms latency on both directions.
 */
public final class ProxyThroughputBenchmark {
  private ProxyThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    try (EchoServer echo = new EchoServer();
        FaultProxy proxy = FaultProxy.start("bench", 0, "127.0.0.1", echo.port())) {
      for (int round = 0; round < 2; round++) { // round 0 warms the JIT up
        boolean report = round == 1;
        int s = report ? seconds : 2;
        print(report, "small direct", streamed(echo.port(), 4, 200, s), "msg/s");
        print(report, "small proxy ", streamed(proxy.port(), 4, 200, s), "msg/s");
        print(report, "bulk  direct", streamed(echo.port(), 1, 65536, s) * 65536 / 1e6, "MB/s");
        print(report, "bulk  proxy ", streamed(proxy.port(), 1, 65536, s) * 65536 / 1e6, "MB/s");
        pingPong(report, "ping  direct", echo.port(), s);
        pingPong(report, "ping  proxy ", proxy.port(), s);
      }
      // the same streams with a latency toxic on each direction: the queued path
      proxy.add(Toxic.latency(Direction.UPSTREAM, 20, 5));
      proxy.add(Toxic.latency(Direction.DOWNSTREAM, 20, 5));
      print(true, "small latency", streamed(proxy.port(), 4, 200, seconds), "msg/s");
      print(true, "bulk  latency", streamed(proxy.port(), 1, 65536, seconds) * 65536 / 1e6, "MB/s");
      System.out.println("proxy stats: " + proxy.stats());
    }
  }

  private static void print(boolean report, String label, double value, String unit) {
    if (report) {
      System.out.printf(Locale.ROOT, "%s %,12.0f %s%n", label, value, unit);
    }
  }

  /** Messages per second echoed over {@code connections} sockets during {@code seconds}. */
  private static double streamed(int port, int connections, int size, int seconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(connections * 2);
    try {
      List<Socket> sockets = new ArrayList<>();
      List<Future<Long>> received = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      for (int c = 0; c < connections; c++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        pool.submit(() -> writeUntil(socket, size, deadline));
        received.add(pool.submit(() -> readAll(socket)));
      }
      long bytes = 0;
      for (Future<Long> r : received) {
        bytes += r.get(seconds + 30L, TimeUnit.SECONDS);
      }
      for (Socket socket : sockets) {
        socket.close();
      }
      return bytes / (double) size / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void writeUntil(Socket socket, int size, long deadlineNanos) throws IOException {
    byte[] message = new byte[size];
    OutputStream out = socket.getOutputStream();
    while (System.nanoTime() < deadlineNanos) {
      for (int i = 0; i < 64; i++) {
        out.write(message);
      }
    }
    socket.shutdownOutput();
    return null;
  }

  private static long readAll(Socket socket) throws IOException {
    byte[] buffer = new byte[256 * 1024];
    InputStream in = socket.getInputStream();
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    return total;
  }

  private static void pingPong(boolean report, String label, int port, int seconds)
      throws IOException {
    long[] micros = new long[2_000_000];
    int count = 0;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] request = new byte[100];
      byte[] response = new byte[100];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (count < micros.length && System.nanoTime() < deadline) {
        long start = System.nanoTime();
        out.write(request);
        int got = 0;
        while (got < response.length) {
          int n = in.read(response, got, response.length - got);
          if (n < 0) {
            throw new IOException("echo ended");
          }
          got += n;
        }
        micros[count++] = (System.nanoTime() - start) / 1000;
      }
    }
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    if (report) {
      System.out.printf(
          Locale.ROOT,
          "%s %,12.0f round trips/s  p50 %d us  p99 %d us%n",
          label,
          count / (double) seconds,
          sorted[count / 2],
          sorted[(int) (count * 0.99)]);
    }
  }
}
