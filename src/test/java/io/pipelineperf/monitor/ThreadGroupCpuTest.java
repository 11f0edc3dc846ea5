package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadGroupCpuTest {

  private static void thread(Path tasks, int tid, String name, long user, long system)
      throws Exception {
    Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
    // fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime ...
    Files.writeString(
        dir.resolve("stat"),
        tid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + user + " " + system + " 0 0 20 0");
  }

  @Test
  void sumsUserAndSystemTicksByNameWithoutItsNumber(@TempDir Path tasks) throws Exception {
    thread(tasks, 10, "gatling-1-2", 3, 1);
    thread(tasks, 11, "gatling-1-3", 5, 0);
    thread(tasks, 12, "C2 CompilerThre", 7, 2);
    thread(tasks, 13, "kafka-producer-", 4, 4);
    thread(tasks, 14, "odd (name) 2", 1, 0);

    Map<String, Double> ms = ThreadGroupCpu.of(tasks, 10.0).millisByGroup();

    assertThat(ms)
        .containsEntry("gatling", 90.0)
        .containsEntry("C2CompilerThre", 90.0)
        .containsEntry("kafkaproducer", 80.0)
        .containsEntry("oddname", 10.0)
        .hasSize(4);
  }

  @Test
  void thisJvmHasThreadsWithCpuTime() {
    Map<String, Double> ms = ThreadGroupCpu.self().millisByGroup();
    if (Files.isDirectory(Path.of("/proc/self/task"))) {
      assertThat(ms).isNotEmpty();
      assertThat(ms.values().stream().mapToDouble(Double::doubleValue).sum()).isPositive();
    } else {
      assertThat(ms).isEmpty();
    }
  }
}
