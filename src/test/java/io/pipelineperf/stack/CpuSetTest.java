package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSetTest {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void theLastCoresOfTheMachineInTasksetSyntax() {
    assertThat(CpuSet.last(1).cpus()).isEqualTo(Integer.toString(CORES - 1));
    assertThat(CpuSet.last(1).size()).isEqualTo(1);
    if (CORES >= 2) {
      assertThat(CpuSet.last(2).cpus()).isEqualTo((CORES - 2) + "-" + (CORES - 1));
      assertThat(CpuSet.last(2).size()).isEqualTo(2);
      assertThat(new CpuSet("0,1").size()).isEqualTo(2);
    }
    assertThat(CpuSet.last(1).launcher()).endsWith("-c", Integer.toString(CORES - 1));
    assertThat(CpuSet.last(1).launcher().get(0)).endsWith("taskset");
  }

  @Test
  void aBadListOrACpuTheMachineDoesNotHaveIsRefused() {
    assertThatThrownBy(() -> new CpuSet("one")).hasMessageContaining("taskset's syntax");
    assertThatThrownBy(() -> new CpuSet(Integer.toString(CORES)))
        .hasMessageContaining("names CPU " + CORES);
    assertThatThrownBy(() -> CpuSet.last(CORES + 1)).hasMessageContaining("service cores");
  }

  @Test
  void theStackReadsItFromStackServiceCpus() {
    StackConfig c = StackConfig.from(new Settings(Map.of("stack.serviceCpus", "0"), Map.of()));
    assertThat(c.serviceCpus()).isEqualTo(new CpuSet("0"));
    assertThat(c.toString()).contains("serviceCpus=0");
    assertThat(StackConfig.from(new Settings(Map.of(), Map.of())).serviceCpus()).isNull();
  }
}
