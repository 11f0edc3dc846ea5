package io.pipelineperf.bench;

import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: the parent, the CPU the process used (user + system) and
 * the CPU of its children it has waited for, in clock ticks, and its resident pages. The command
 * name may hold spaces and parentheses, so fields are counted from the last ')'.
 */
public record ProcStat(long pid, long ppid, long cpuTicks, long childrenCpuTicks, long rssPages) {

  /** The line's figures, or empty when it is not a stat line (e.g. the process just ended). */
  public static Optional<ProcStat> parse(String line) {
    if (line == null) {
      return Optional.empty();
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open || close + 2 > line.length()) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 2).trim().split("\\s+");
    // f[0] is field 3 (state): field n is f[n - 3]
    if (f.length < 22) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ProcStat(
              Long.parseLong(line.substring(0, open).trim()),
              Long.parseLong(f[1]),
              Long.parseLong(f[11]) + Long.parseLong(f[12]),
              Long.parseLong(f[13]) + Long.parseLong(f[14]),
              Long.parseLong(f[21])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
