package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {
  @Test
  void initialHeapNeverExceedsTheMaximum() {
    assertThat(ServiceProcess.minHeap("768m")).isEqualTo("256m");
    assertThat(ServiceProcess.minHeap("1g")).isEqualTo("256m");
    assertThat(ServiceProcess.minHeap("128m")).isEqualTo("128m");
    assertThat(ServiceProcess.heapBytes("96M")).isEqualTo(96L * 1024 * 1024);
    assertThat(ServiceProcess.heapBytes("4096")).isEqualTo(4096L);
  }
}
