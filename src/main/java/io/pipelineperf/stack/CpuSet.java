package io.pipelineperf.stack;

import java.io.File;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of CPUs a child process is pinned to, in {@code taskset -c} syntax ("1", "0-1", "0,2"): the
 * service is started as {@code taskset -c <cpus> java ...}, so the JVM sizes its GC and thread
 * pools for those CPUs and the kernel runs it only there. {@code -Dstack.serviceCpus}.
 */
public record CpuSet(String cpus) {

  public CpuSet {
    if (cpus == null || !cpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
      throw new StackConfigException(
          "stack.serviceCpus='"
              + cpus
              + "' is not a CPU list: use taskset's syntax, e.g. -Dstack.serviceCpus=1 or 0-1");
    }
    int available = Runtime.getRuntime().availableProcessors();
    for (int cpu : members(cpus)) {
      if (cpu >= available) {
        throw new StackConfigException(
            "stack.serviceCpus="
                + cpus
                + " names CPU "
                + cpu
                + ", but this machine has CPUs 0-"
                + (available - 1));
      }
    }
  }

  /** The last {@code count} CPUs of this machine, e.g. 1 of 2 gives "1", 2 of 2 gives "0-1". */
  public static CpuSet last(int count) {
    int available = Runtime.getRuntime().availableProcessors();
    if (count < 1 || count > available) {
      throw new StackConfigException(
          count + " service cores asked for, but this machine has " + available);
    }
    int from = available - count;
    return new CpuSet(count == 1 ? Integer.toString(from) : from + "-" + (available - 1));
  }

  /** How many CPUs the set holds. */
  public int size() {
    return members(cpus).size();
  }

  /** The command prefix that pins what follows it: {@code taskset -c <cpus>}. */
  public List<String> launcher() {
    return List.of(taskset(), "-c", cpus);
  }

  static TreeSet<Integer> members(String cpus) {
    TreeSet<Integer> set = new TreeSet<>();
    for (String part : cpus.split(",")) {
      String[] range = part.split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
      if (to < from) {
        throw new StackConfigException("stack.serviceCpus: the range " + part + " runs backwards");
      }
      for (int c = from; c <= to; c++) {
        set.add(c);
      }
    }
    return set;
  }

  private static String taskset() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      File f = new File(dir, "taskset");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    throw new StackStartException(
        "stack.serviceCpus needs taskset on the PATH (Debian: apt-get install util-linux)");
  }
}
