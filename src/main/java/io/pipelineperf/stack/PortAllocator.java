package io.pipelineperf.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks free TCP ports on 127.0.0.1. Ports handed out by this JVM are not handed out again, so
 * several stacks in one JVM never collide among themselves.
 */
public final class PortAllocator {
  private static final Set<Integer> HANDED_OUT = Collections.synchronizedSet(new LinkedHashSet<>());
  private static final int MAX_ATTEMPTS = 200;

  private PortAllocator() {}

  /** {@code count} distinct ports that were free a moment ago. */
  public static List<Integer> freePorts(int count) {
    if (count < 1 || count > 50) {
      throw new IllegalArgumentException("count must be 1..50, was " + count);
    }
    List<ServerSocket> held = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS && ports.size() < count; attempt++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          ports.add(port);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a socket on 127.0.0.1 to find a free port", e);
    } finally {
      held.forEach(PortAllocator::closeQuietly);
    }
    if (ports.size() < count) {
      throw new StackStartException(
          "found only " + ports.size() + " of " + count + " free ports on 127.0.0.1");
    }
    return List.copyOf(ports);
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

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing useful to do
    }
  }
}
