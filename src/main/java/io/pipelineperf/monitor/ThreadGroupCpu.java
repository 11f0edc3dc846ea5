package io.pipelineperf.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CPU time so far of a process's threads, summed by thread group, read from {@code
 * /proc/<pid>/task/<tid>/stat} (Linux). Unlike ThreadMXBean this includes the JVM's own threads
 * (JIT compilers, GC), which are often the larger part of a load generator's cost. A group is the
 * thread's name (as the kernel keeps it, at most 15 characters) without a trailing number, so
 * {@code gatling-1-3} and {@code gatling-1-4} count together. A thread that ended takes its CPU
 * time with it: the figures are for finding where the time goes, the process total is {@code
 * inj.cpu.ms}.
 */
public final class ThreadGroupCpu {

  private static final Pattern TRAILING_NUMBER = Pattern.compile("([-#_ ]*\\d+)+$");
  private static final Pattern ILLEGAL = Pattern.compile("[^A-Za-z0-9]+");

  private final Path tasks;
  private final double millisPerTick;

  private ThreadGroupCpu(Path tasks, double millisPerTick) {
    this.tasks = tasks;
    this.millisPerTick = millisPerTick;
  }

  /** This JVM's threads; USER_HZ is 100 on every Linux architecture the lab runs on. */
  public static ThreadGroupCpu self() {
    return new ThreadGroupCpu(Path.of("/proc/self/task"), 10.0);
  }

  /** Another process's threads ({@code <proc>/<pid>/task}), e.g. the sampled service's. */
  static ThreadGroupCpu ofProcess(Path proc, long pid, double millisPerTick) {
    return new ThreadGroupCpu(proc.resolve(Long.toString(pid)).resolve("task"), millisPerTick);
  }

  static ThreadGroupCpu of(Path tasks, double millisPerTick) {
    return new ThreadGroupCpu(tasks, millisPerTick);
  }

  /** CPU milliseconds (user + system) per group; empty where /proc cannot be read. */
  public Map<String, Double> millisByGroup() {
    Map<String, Double> byGroup = new TreeMap<>();
    if (!Files.isDirectory(tasks)) {
      return byGroup;
    }
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String stat;
        try {
          stat = Files.readString(thread.resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
          continue; // the thread ended while we listed them
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          continue;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length < 13) {
          continue;
        }
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        byGroup.merge(group(stat.substring(open + 1, close)), ticks * millisPerTick, Double::sum);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return byGroup;
  }

  /** The series-safe group name of a thread name, e.g. {@code C2 CompilerThre} → C2CompilerThre. */
  static String group(String threadName) {
    String name = TRAILING_NUMBER.matcher(threadName.strip()).replaceAll("");
    name = ILLEGAL.matcher(name).replaceAll("");
    return name.isEmpty() ? "unnamed" : name;
  }
}
