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
    // its threads, as the kernel names them (15 characters): two RMI connections and a worker
    thread(dir, pid + 1, "RMI TCP Connect", utime / 4, 0);
    thread(dir, pid + 2, "RMI TCP Connect", utime / 4, stime / 4);
    thread(dir, pid + 3, "worker-1", utime / 2, stime / 2);
  }

  private static void thread(Path dir, long tid, String name, long utime, long stime)
      throws Exception {
    Path t = Files.createDirectories(dir.resolve("task").resolve(Long.toString(tid)));
    Files.writeString(
        t.resolve("stat"),
        tid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0");
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
    assertThat(first.get("svc.proc.cpu.ms")).isEqualTo(1000.0);
    // by thread group: what the lab's JMX reads cost the service shows as its RMI threads
    assertThat(first.get("svc.cpu.thread.RMITCPConnect.ms")).isEqualTo((12 + 12 + 12) * 10.0);
    assertThat(first.get("svc.cpu.thread.worker.ms")).isEqualTo(50 * 10.0);

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
    assertThat(values.keySet()).anyMatch(k -> k.startsWith(ProcessSampler.THREAD_CPU_PREFIX));
  }
}
