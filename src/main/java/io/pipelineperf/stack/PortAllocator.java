package io.pipelineperf.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free TCP ports on 127.0.0.1 for the stack's servers. Ports handed out by this JVM are not
 * handed out again, so several stacks in one JVM never collide among themselves.
 *
 * <p>They are taken below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}): a
 * port picked from inside it can be taken, between the pick and the server's bind, as the local end
 * of any outgoing connection on the machine (measured: PostgreSQL failed to bind that way with two
 * stacks running beside each other). Outside it, only another listener can collide.
 */
public final class PortAllocator {
  private static final Set<Integer> HANDED_OUT = Collections.synchronizedSet(new LinkedHashSet<>());
  private static final int MAX_ATTEMPTS = 200;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int[] RANGE = listenerRange();

  private PortAllocator() {}

  /** {@code count} distinct ports that were free a moment ago. */
  public static List<Integer> freePorts(int count) {
    if (count < 1 || count > 50) {
      throw new IllegalArgumentException("count must be 1..50, was " + count);
    }
    List<Integer> ports = new ArrayList<>();
    for (int attempt = 0; attempt < MAX_ATTEMPTS && ports.size() < count; attempt++) {
      int port = candidate();
      if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
        ports.add(port);
      }
    }
    if (ports.size() < count) {
      throw new StackStartException(
          "found only " + ports.size() + " of " + count + " free ports on 127.0.0.1");
    }
    return List.copyOf(ports);
  }

  /** A random port of the listener range, or one the kernel picks when there is none. */
  private static int candidate() {
    if (RANGE == null) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a socket on 127.0.0.1 to find a free port", e);
      }
    }
    return ThreadLocalRandom.current().nextInt(RANGE[0], RANGE[1]);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** [from, to) below the ephemeral range, or null when it cannot be read or leaves no room. */
  static int[] listenerRange() {
    try {
      // read as lines: Files.readString trusts the size /proc reports and returned one byte
      String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return listenerRangeBelow(Integer.parseInt(bounds[0]));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static int[] listenerRangeBelow(int ephemeralLow) {
    return ephemeralLow - LOWEST >= 1000 ? new int[] {LOWEST, ephemeralLow} : null;
  }

  public static int freePort() {
    return freePorts(1).get(0);
  }

  /** Whether something accepts connections on 127.0.0.1:port. */
  public static boolean isListening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
