package io.pipelineperf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads {@code /proc} once a second while a stack runs: the CPU time (utime + stime) and memory of
 * each component by its pid: the service and the broker (one JVM each), PostgreSQL (the postmaster
 * and every process whose parent it is, plus the CPU of the children it has reaped, so short-lived
 * backends count too; memory as the sum of their PSS, shared buffers counted once), the injector
 * (the Gatling JVM of the running step, when there is one) and the whole machine's busy time.
 * Sampling costs a few milliseconds of CPU a second, in the runner's JVM.
 */
final class ComponentSampler implements AutoCloseable {

  private static final Path PROC = Path.of("/proc");
  private static final long PAGE_BYTES = 4096;

  private final Map<String, Long> jvmPids;
  private final long postmasterPid;
  private final double ticksPerSecond;
  private final List<ComponentSample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile long injectorPid = -1;
  private volatile boolean running = true;

  /**
   * @param jvmPids single-process components by name ({@link ComponentUsage#SERVICE}, {@link
   *     ComponentUsage#BROKER})
   * @param postmasterPid PostgreSQL's postmaster, or -1
   */
  ComponentSampler(Map<String, Long> jvmPids, long postmasterPid) {
    this.jvmPids = new LinkedHashMap<>(jvmPids);
    this.postmasterPid = postmasterPid;
    this.ticksPerSecond = clockTicks();
    this.thread = new Thread(this::loop, "bench-component-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** The Gatling JVM of the step now running (-1: none). */
  void injector(long pid) {
    injectorPid = pid;
  }

  /** The samples taken from {@code fromMs} on (epoch ms). */
  synchronized List<ComponentSample> since(long fromMs) {
    return samples.stream().filter(s -> s.t() >= fromMs).toList();
  }

  private void loop() {
    while (running) {
      long started = System.currentTimeMillis();
      try {
        ComponentSample s = sample();
        synchronized (this) {
          samples.add(s);
        }
      } catch (RuntimeException e) {
        System.err.println("[bench] component sampler: " + e);
      }
      long sleep = 1000 - (System.currentTimeMillis() - started);
      try {
        TimeUnit.MILLISECONDS.sleep(Math.max(100, sleep));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  ComponentSample sample() {
    long t = System.currentTimeMillis();
    Map<Long, ProcStat> all = allProcesses();
    Map<String, Double> cpu = new LinkedHashMap<>();
    Map<String, Long> mem = new LinkedHashMap<>();
    jvmPids.forEach((name, pid) -> single(all, name, pid, cpu, mem));
    long injector = injectorPid;
    if (injector > 0) {
      single(all, ComponentUsage.INJECTOR, injector, cpu, mem);
    }
    ProcStat pm = all.get(postmasterPid);
    if (pm != null) {
      long pss = pss(pm.pid()).orElse(pm.rssPages() * PAGE_BYTES);
      for (ProcStat p : all.values()) {
        if (p.ppid() == postmasterPid) {
          pss += pss(p.pid()).orElse(p.rssPages() * PAGE_BYTES);
        }
      }
      cpu.put(ComponentUsage.POSTGRES, postgresTicks(all, pm) / ticksPerSecond);
      mem.put(ComponentUsage.POSTGRES, pss);
    }
    hostBusyTicks().ifPresent(b -> cpu.put(ComponentUsage.HOST, b / ticksPerSecond));
    return new ComponentSample(t, cpu, mem);
  }

  private void single(
      Map<Long, ProcStat> all,
      String name,
      long pid,
      Map<String, Double> cpu,
      Map<String, Long> mem) {
    ProcStat p = all.get(pid);
    if (p != null) {
      cpu.put(name, p.cpuTicks() / ticksPerSecond);
      mem.put(name, p.rssPages() * PAGE_BYTES);
    }
  }

  /**
   * PostgreSQL's CPU ticks so far: the postmaster's, those of every process whose parent it is, and
   * its {@code cutime + cstime} (the backends it has reaped, so short-lived ones count too).
   */
  static long postgresTicks(Map<Long, ProcStat> all, ProcStat postmaster) {
    long ticks = postmaster.cpuTicks() + postmaster.childrenCpuTicks();
    for (ProcStat p : all.values()) {
      if (p.ppid() == postmaster.pid()) {
        ticks += p.cpuTicks();
      }
    }
    return ticks;
  }

  /** Every process's stat line now, by pid (a process that ends meanwhile is left out). */
  static Map<Long, ProcStat> allProcesses() {
    Map<Long, ProcStat> all = new HashMap<>();
    try (Stream<Path> dirs = Files.list(PROC)) {
      dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              d ->
                  read(d.resolve("stat"))
                      .flatMap(ProcStat::parse)
                      .ifPresent(p -> all.put(p.pid(), p)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e, e);
    }
    return all;
  }

  /** The process's proportional set size from smaps_rollup, bytes. */
  private static Optional<Long> pss(long pid) {
    return read(PROC.resolve(Long.toString(pid)).resolve("smaps_rollup"))
        .flatMap(
            text ->
                text.lines()
                    .filter(l -> l.startsWith("Pss:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024));
  }

  /** The machine's busy CPU ticks: user, nice, system, irq, softirq and steal of all CPUs. */
  private static Optional<Long> hostBusyTicks() {
    return read(PROC.resolve("stat"))
        .flatMap(text -> text.lines().filter(l -> l.startsWith("cpu ")).findFirst())
        .map(
            l -> {
              String[] f = l.trim().split("\\s+");
              long busy = 0;
              for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
              }
              return busy;
            });
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the process ended between the listing and the read
    }
  }

  /** The kernel's clock ticks per second ({@code getconf CLK_TCK}), 100 if it cannot be asked. */
  static double clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Double.parseDouble(new String(p.getInputStream().readAllBytes()).trim());
      }
      p.destroyForcibly();
    } catch (IOException | NumberFormatException e) {
      // the default below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
