package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefectRunnerTest {

  private static long hogThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("defect-cpu-hog-") && t.isAlive())
        .count();
  }

  @Test
  void cpuHogRunsTheConfiguredNumberOfThreadsUntilClosed() {
    DefectRunner runner = new DefectRunner(Set.of(Defect.CPU_HOG), 20, 3);
    try {
      runner.start();
      assertThat(hogThreads()).isEqualTo(3);
    } finally {
      runner.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> hogThreads() == 0);
  }

  @Test
  void noHogWithoutTheDefect() {
    try (DefectRunner runner = new DefectRunner(Set.of(Defect.NO_RETRY), 20, 2)) {
      runner.start();
      assertThat(hogThreads()).isZero();
    }
  }

  @Test
  void hogThreadCountMustBePositive() {
    assertThatThrownBy(() -> new DefectRunner(Set.of(Defect.CPU_HOG), 20, 0))
        .hasMessageContaining("cpuHogThreads");
  }
}
