package io.pipelineperf.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU and allocations went, from a JFR recording: execution samples by thread, by hot
 * method (the top frame) and by the first frame of this project's code on the stack (what of ours
 * caused the work), and allocation samples by class and by allocating method. Optionally only
 * events between two epoch milliseconds (e.g. a run's measured phase, from timeseries.jsonl).
 *
 * <p>{@code java -cp … io.pipelineperf.bench.JfrProfile <file.jfr> [fromEpochMs toEpochMs] [top]}
 */
public final class JfrProfile {

  private static final String OURS = "io.pipelineperf.";

  private final Map<String, Long> byThread = new HashMap<>();
  private final Map<String, Long> byTopFrame = new HashMap<>();
  private final Map<String, Long> byOurFrame = new HashMap<>();
  private final Map<String, Long> inclusive = new HashMap<>();
  private final Map<String, Long> allocByClass = new HashMap<>();
  private final Map<String, Long> allocByFrame = new HashMap<>();
  private long samples;
  private long allocatedBytes;

  public static void main(String[] args) {
    if (args.length != 1 && args.length != 3 && args.length != 4) {
      System.err.println("usage: JfrProfile <file.jfr> [fromEpochMs toEpochMs] [top]");
      System.exit(64);
    }
    long from = args.length >= 3 ? Long.parseLong(args[1]) : Long.MIN_VALUE;
    long to = args.length >= 3 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    int top = args.length == 4 ? Integer.parseInt(args[3]) : 25;
    read(Path.of(args[0]), from, to).print(System.out, top);
  }

  /** Reads the recording's execution and allocation samples between the two epoch ms. */
  public static JfrProfile read(Path file, long fromEpochMs, long toEpochMs) {
    JfrProfile profile = new JfrProfile();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        Instant t = e.getStartTime();
        if (t.toEpochMilli() < fromEpochMs || t.toEpochMilli() > toEpochMs) {
          continue;
        }
        String type = e.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          profile.execution(e);
        } else if (type.equals("jdk.ObjectAllocationSample")) {
          profile.allocation(e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return profile;
  }

  private void execution(RecordedEvent e) {
    samples++;
    RecordedThread thread = e.getThread("sampledThread");
    byThread.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1L, Long::sum);
    RecordedStackTrace stack = e.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    List<RecordedFrame> frames = stack.getFrames();
    byTopFrame.merge(method(frames.get(0)), 1L, Long::sum);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (RecordedFrame f : frames) {
      if (seen.add(method(f))) {
        inclusive.merge(method(f), 1L, Long::sum);
      }
    }
    for (RecordedFrame f : frames) {
      if (f.getMethod().getType().getName().startsWith(OURS)) {
        byOurFrame.merge(method(f), 1L, Long::sum);
        return;
      }
    }
    byOurFrame.merge("(no project frame)", 1L, Long::sum);
  }

  private void allocation(RecordedEvent e) {
    long weight = e.getLong("weight");
    allocatedBytes += weight;
    allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
    RecordedStackTrace stack = e.getStackTrace();
    if (stack != null) {
      for (RecordedFrame f : stack.getFrames()) {
        String type = f.getMethod().getType().getName();
        if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("scala.")) {
          allocByFrame.merge(method(f), weight, Long::sum);
          return;
        }
      }
    }
  }

  // Thread pools number their threads: one line per pool.
  private static String threadGroup(String name) {
    return name.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-N-");
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  void print(PrintStream out, int top) {
    out.printf("execution samples: %d%n", samples);
    section(out, "by thread", byThread, samples, top);
    section(out, "hot methods (top frame)", byTopFrame, samples, top);
    section(out, "first project frame on the stack", byOurFrame, samples, top);
    section(out, "inclusive (method anywhere on the stack)", inclusive, samples, top * 4);
    out.printf("%nallocation samples: %d MB (weight)%n", allocatedBytes / 1_000_000);
    section(out, "allocated by class", allocByClass, allocatedBytes, top);
    section(out, "allocated by method (first non-JDK frame)", allocByFrame, allocatedBytes, top);
  }

  private static void section(
      PrintStream out, String title, Map<String, Long> counts, long total, int top) {
    out.printf("%n-- %s%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                out.printf(
                    "%6.1f %%  %s%n", total == 0 ? 0 : 100.0 * e.getValue() / total, e.getKey()));
  }
}
