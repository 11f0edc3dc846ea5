package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSamplerTest {

  private static void process(Path proc, long pid, long utime, long stime, int fds)
      throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(
        dir.resolve("stat"),
        pid + " (my (odd) svc) S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0");
    Files.writeString(
        dir.resolve("status"), "Name:\tsvc\nVmRSS:\t  204800 kB\nThreads:\t17\nFDSize:\t64\n");
    Path fd = Files.createDirectories(dir.resolve("fd"));
    for (int i = 0; i < fds; i++) {
      Files.writeString(fd.resolve(Integer.toString(i)), "");
    }
  }

  @Test
  void readsCpuShareRssThreadsAndFdsAndFollowsARestartedPid(@TempDir Path proc) throws Exception {
    AtomicLong pid = new AtomicLong(100);
    ProcessSampler sampler = new ProcessSampler(proc, pid::get, 2, 10.0);
    process(proc, 100, 50, 50, 3);
    Map<String, Double> first = new HashMap<>();
    sampler.sample(first, 0);
    assertThat(first).doesNotContainKey("svc.proc.cpu.pct"); // needs two readings
    assertThat(first.get("svc.proc.rss.bytes")).isEqualTo(204800.0 * 1024);
    assertThat(first.get("svc.proc.threads")).isEqualTo(17.0);
    assertThat(first.get("svc.proc.fds")).isEqualTo(3.0);

    process(proc, 100, 100, 100, 4); // +100 ticks = 1000 ms of CPU in 1 s on 2 cores
    Map<String, Double> second = new HashMap<>();
    sampler.sample(second, 1_000_000_000L);
    assertThat(second.get("svc.proc.cpu.pct")).isCloseTo(50.0, within(1e-9));

    pid.set(200); // restarted: a new process, no CPU share until its second reading
    process(proc, 200, 1, 1, 2);
    Map<String, Double> restarted = new HashMap<>();
    sampler.sample(restarted, 2_000_000_000L);
    assertThat(restarted).doesNotContainKey("svc.proc.cpu.pct").containsEntry("svc.proc.fds", 2.0);

    pid.set(300); // gone: nothing this tick
    Map<String, Double> gone = new HashMap<>();
    sampler.sample(gone, 3_000_000_000L);
    assertThat(gone).isEmpty();
  }

  @Test
  void samplesThisJvm() throws Exception {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return;
    }
    ProcessSampler sampler = new ProcessSampler(ProcessHandle.current()::pid);
    Map<String, Double> values = new HashMap<>();
    sampler.sample(values);
    assertThat(values.get("svc.proc.rss.bytes")).isPositive();
    assertThat(values.get("svc.proc.threads")).isGreaterThan(1);
    assertThat(values.get("svc.proc.fds")).isPositive();
  }
}
