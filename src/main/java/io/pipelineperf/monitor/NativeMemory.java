package io.pipelineperf.monitor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of HotSpot's Native Memory Tracking ({@code VM.native_memory summary} or {@code
 * summary.diff}, as jcmd prints it and the {@code com.sun.management:type=DiagnosticCommand}
 * MBean's {@code vmNativeMemory} returns it), parsed into the committed and reserved bytes of the
 * total and of each category (Java Heap, Class, Thread, Code, GC, Compiler, Internal, Other,
 * Symbol, Native Memory Tracking, Shared class space, Arena Chunk, Metaspace, ...).
 *
 * <p>Only the lines that head a category are read, {@code - <name> (reserved=<n>KB,
 * committed=<n>KB)}, and the {@code Total:} line; in a diff each may carry its change since the
 * baseline ({@code committed=<n>KB +<d>KB}). The detail lines under a category differ between JDK
 * 17 and 21+ ({@code malloc=...KB tag=...}, {@code peak=}, {@code readonly=}, {@code threads #} for
 * {@code thread #}; JDK 21 prints the total's malloc/mmap split on lines of their own in a diff);
 * they are not read, so both parse alike. Units: the default scale (KB), and B/MB/GB should a JVM
 * print another. Categories under 1 KB are omitted by the JVM itself. The categories' committed
 * bytes add up to the total's (to rounding).
 *
 * <p>Which category a leak lands in: {@code ByteBuffer.allocateDirect} and {@code Unsafe} memory is
 * {@code Other}; thread stacks are {@code Thread}; JIT code is {@code Code}, the compilers' scratch
 * memory {@code Arena Chunk} and {@code Compiler}; class metadata {@code Class}/{@code Metaspace};
 * G1's remembered sets and card tables {@code GC}. Memory a native library takes with its own
 * malloc (zlib's, a JNI library's) is not tracked: resident memory (RSS) shows it, NMT does not.
 */
public record NativeMemory(
    long reservedBytes,
    long committedBytes,
    Long committedDeltaBytes,
    Map<String, Category> categories) {

  /** The category that holds the Java heap. */
  public static final String JAVA_HEAP = "Java Heap";

  /**
   * The categories the native-memory leak signal leaves out: the Java heap (the heap signal's), the
   * JIT's code and scratch memory ({@code Code}, {@code Compiler}, {@code Arena Chunk}: they grow
   * for minutes after a start while the compilers work, and the arenas swing by 10 MB within
   * seconds), JFR's ({@code Tracing}: the leak check's own old-object recording lives there) and
   * NMT's own bookkeeping. What is left is where a service's own native memory lands: {@code Other}
   * (direct buffers, Unsafe), {@code Thread} (stacks), {@code Class}/{@code Metaspace} (class
   * loading), {@code GC}, {@code Internal}, {@code Symbol}, ...
   */
  public static final Set<String> NOT_JUDGED =
      Set.of(JAVA_HEAP, "Code", "Compiler", "Arena Chunk", "Tracing", "Native Memory Tracking");

  /** The text a JVM started without {@code -XX:NativeMemoryTracking} answers (JDK 17 to 25). */
  static final String NOT_ENABLED = "Native memory tracking is not enabled";

  /** One category; {@code committedDeltaBytes}: the change since the baseline (diffs only). */
  public record Category(
      String name, long reservedBytes, long committedBytes, Long committedDeltaBytes) {}

  public NativeMemory {
    categories = Map.copyOf(categories);
  }

  private static final String AMOUNT = "(\\d+)(B|KB|MB|GB)(?:\\s+([+-]\\d+)(B|KB|MB|GB))?";
  private static final Pattern TOTAL =
      Pattern.compile("^Total:\\s+reserved=" + AMOUNT + ",\\s+committed=" + AMOUNT);
  private static final Pattern CATEGORY =
      Pattern.compile("^-\\s+(\\S.*?)\\s+\\(reserved=" + AMOUNT + ",\\s+committed=" + AMOUNT);

  /**
   * A {@code summary}; empty when the text holds no {@code Total:} line: NMT is not enabled ({@link
   * #NOT_ENABLED}) or the text is not an NMT report.
   */
  public static Optional<NativeMemory> parse(String text) {
    return parse(text, false);
  }

  /**
   * A {@code summary.diff} against the last {@code baseline}: every change is non-null (0 where the
   * JVM printed none, i.e. the value did not change).
   */
  public static Optional<NativeMemory> parseDiff(String text) {
    return parse(text, true);
  }

  private static Optional<NativeMemory> parse(String text, boolean diff) {
    if (text == null) {
      return Optional.empty();
    }
    Long reserved = null;
    long committed = 0;
    Long totalDelta = null;
    Map<String, Category> categories = new LinkedHashMap<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      Matcher total = TOTAL.matcher(line);
      if (total.find()) {
        reserved = bytes(total, 1);
        committed = bytes(total, 5);
        totalDelta = delta(total, 5, diff);
        continue;
      }
      Matcher c = CATEGORY.matcher(line);
      if (c.find()) {
        String name = c.group(1);
        categories.put(name, new Category(name, bytes(c, 2), bytes(c, 6), delta(c, 6, diff)));
      }
    }
    if (reserved == null) {
      return Optional.empty();
    }
    return Optional.of(new NativeMemory(reserved, committed, totalDelta, categories));
  }

  /** True when the text says the JVM runs without NMT. */
  public static boolean notEnabled(String text) {
    return text != null && text.contains(NOT_ENABLED);
  }

  /** Committed bytes of the category, 0 when the JVM omitted it (under 1 KB). */
  public long committed(String category) {
    Category c = categories.get(category);
    return c == null ? 0 : c.committedBytes();
  }

  /** Committed bytes outside the Java heap. */
  public long nonHeapCommittedBytes() {
    return committedBytes - committed(JAVA_HEAP);
  }

  /** Committed bytes outside the categories in {@link #NOT_JUDGED}: the native leak signal. */
  public long signalCommittedBytes() {
    long left = committedBytes;
    for (String c : NOT_JUDGED) {
      left -= committed(c);
    }
    return left;
  }

  /** Change since the baseline of {@link #signalCommittedBytes()}; null unless a diff. */
  public Long signalCommittedDeltaBytes() {
    if (committedDeltaBytes == null) {
      return null;
    }
    long left = committedDeltaBytes;
    for (String c : NOT_JUDGED) {
      Category category = categories.get(c);
      if (category != null && category.committedDeltaBytes() != null) {
        left -= category.committedDeltaBytes();
      }
    }
    return left;
  }

  /** True for a category the leak signal leaves out ({@link #NOT_JUDGED}), by name or key. */
  public static boolean notJudged(String categoryOrKey) {
    String k = key(categoryOrKey);
    return NOT_JUDGED.stream().anyMatch(c -> key(c).equals(k));
  }

  /** Change since the baseline of the committed bytes outside the heap; null unless a diff. */
  public Long nonHeapCommittedDeltaBytes() {
    if (committedDeltaBytes == null) {
      return null;
    }
    Category heap = categories.get(JAVA_HEAP);
    long heapDelta =
        heap == null || heap.committedDeltaBytes() == null ? 0 : heap.committedDeltaBytes();
    return committedDeltaBytes - heapDelta;
  }

  /**
   * The series key of a category: its words capitalised, without spaces or signs ({@code Java Heap}
   * → {@code JavaHeap}, {@code Shared class space} → {@code SharedClassSpace}, {@code GC} → {@code
   * GC}).
   */
  public static String key(String category) {
    StringBuilder b = new StringBuilder();
    for (String word : category.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        b.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
      }
    }
    return b.length() == 0 ? "Unnamed" : b.toString();
  }

  private static long bytes(Matcher m, int group) {
    return Long.parseLong(m.group(group)) * scale(m.group(group + 1));
  }

  private static Long delta(Matcher m, int group, boolean diff) {
    String d = m.group(group + 2);
    if (d == null) {
      return diff ? 0L : null;
    }
    return Long.parseLong(d) * scale(m.group(group + 3));
  }

  private static long scale(String unit) {
    return switch (unit) {
      case "KB" -> 1024L;
      case "MB" -> 1024L * 1024;
      case "GB" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
  }
}
