package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

  @Test
  void portsAreDistinctFreeAndNeverHandedOutTwice() throws Exception {
    List<Integer> first = PortAllocator.freePorts(5);
    List<Integer> second = PortAllocator.freePorts(5);
    Set<Integer> all = new HashSet<>(first);
    all.addAll(second);
    assertThat(all).hasSize(10);
    for (int port : first) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void isListeningSeesAnOpenServerSocket() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(PortAllocator.isListening(s.getLocalPort())).isTrue();
    }
    assertThat(PortAllocator.isListening(PortAllocator.freePort())).isFalse();
  }

  @Test
  void portsComeFromBelowTheEphemeralRangeWhereOutgoingConnectionsCannotTakeThem() {
    int[] range = PortAllocator.listenerRange();
    assertThat(range).as("this Linux host has an ephemeral range with room below").isNotNull();
    assertThat(PortAllocator.freePorts(10)).allMatch(p -> p >= range[0] && p < range[1]);
    assertThat(PortAllocator.listenerRangeBelow(32768)).containsExactly(10_000, 32768);
    assertThat(PortAllocator.listenerRangeBelow(10_500)).isNull(); // no room: the kernel picks
  }
}
