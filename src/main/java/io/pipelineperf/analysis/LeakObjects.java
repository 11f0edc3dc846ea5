package io.pipelineperf.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The leak candidates of a JFR recording's {@code jdk.OldObjectSample} events (dumped with {@code
 * path-to-gc-roots=true}): the sampled objects still alive at the dump, grouped by the class that
 * owns them and what holds them, most samples first.
 *
 * <p>Per sample: the <b>owner</b> is the first object on the reference chain, from the sample
 * towards the root, whose class is neither an array nor a JDK class (a leaked {@code byte[]}
 * payload is owned by the entry that holds it); the <b>holder</b> is the far end of the chain: a
 * static field ({@code Owner.FIELD (static field)}: the first {@code java.lang.Class} on the chain;
 * what keeps that class loaded is left out) or the last field with the GC root's kind. Chains are
 * cut to {@value #MAX_CHAIN} links (the first ones and the last, with "…" between).
 */
public final class LeakObjects {

  public static final String FILE_NAME = "leak-objects.jfr";
  static final int MAX_CHAIN = 8;
  static final int TOP_FRAMES = 3;
  private static final String EVENT = "jdk.OldObjectSample";

  /**
   * One group of samples: {@code type} the owner class, {@code objectType} the sampled objects'
   * class (the most frequent), {@code samples} of {@code ofSamples} in the recording, the top
   * frames of the most frequent allocation stack, and one sample's chain (object first) and root.
   */
  public record Candidate(
      String type,
      String objectType,
      int samples,
      int ofSamples,
      String holder,
      String root,
      List<String> allocationTopFrames,
      List<String> chain) {}

  private LeakObjects() {}

  /** The top {@code top} candidates of the recording; empty when it has no old-object samples. */
  public static List<Candidate> summarise(Path jfr, int top) throws IOException {
    List<Sampled> samples = new ArrayList<>();
    try (RecordingFile file = new RecordingFile(jfr)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (EVENT.equals(e.getEventType().getName()) && e.hasField("object")) {
          RecordedObject object = e.getValue("object");
          if (object != null) {
            samples.add(sampled(e, object));
          }
        }
      }
    }
    Map<String, List<Sampled>> groups = new LinkedHashMap<>();
    for (Sampled s : samples) {
      groups.computeIfAbsent(s.owner + "\n" + s.holder, k -> new ArrayList<>()).add(s);
    }
    List<Candidate> candidates = new ArrayList<>();
    for (List<Sampled> g : groups.values()) {
      // the chain and root shown are those of a sample of the most frequent sampled class
      String objectType = mostFrequent(g.stream().map(s -> s.objectType).toList());
      Sampled first = g.stream().filter(s -> s.objectType.equals(objectType)).findFirst().get();
      candidates.add(
          new Candidate(
              first.owner,
              objectType,
              g.size(),
              samples.size(),
              first.holder,
              first.root,
              mostFrequentFrames(g),
              first.chain));
    }
    candidates.sort(Comparator.comparingInt(Candidate::samples).reversed());
    return List.copyOf(candidates.subList(0, Math.min(top, candidates.size())));
  }

  private record Sampled(
      String objectType,
      String owner,
      String holder,
      String root,
      List<String> frames,
      List<String> chain) {}

  private static Sampled sampled(RecordedEvent e, RecordedObject object) {
    // links[0] is the sampled object; links[i] says how object i holds object i - 1
    List<String> links = new ArrayList<>();
    String objectType = typeName(object);
    String owner = isApplicationClass(objectType) ? objectType : null;
    String holder = null;
    links.add(objectType);
    RecordedObject current = object;
    for (int i = 0; i < 1000; i++) {
      RecordedObject reference = field(current, "referrer");
      RecordedObject next = reference == null ? null : field(reference, "object");
      if (next == null) {
        break;
      }
      String type = typeName(next);
      String slot = slot(reference);
      if ("java.lang.Class".equals(type)) {
        // a static field: the holder. Beyond it the chain only says what keeps the class loaded
        holder = classNameOf(next) + slot + " (static field)";
        links.add(holder);
        break;
      } else {
        holder = type + slot;
        links.add(holder);
        if (owner == null && isApplicationClass(type)) {
          owner = type;
        }
      }
      current = next;
    }
    String root = rootOf(e, true);
    if (holder == null) {
      holder = root;
    } else if (!holder.endsWith("(static field)")) {
      // the root's kind, not which thread: one candidate for what every consumer thread holds
      holder = holder + " (" + rootOf(e, false) + ")";
    }
    return new Sampled(
        objectType, owner == null ? objectType : owner, holder, root, frames(e), cut(links));
  }

  /** How a reference points at its object: {@code .field} or {@code [index]}. */
  private static String slot(RecordedObject reference) {
    RecordedObject array = field(reference, "array");
    if (array != null && array.hasField("index")) {
      return "[" + array.getLong("index") + "]";
    }
    RecordedObject f = field(reference, "field");
    if (f != null && f.hasField("name") && f.getString("name") != null) {
      return "." + f.getString("name");
    }
    return "";
  }

  /** "Class Name: x.Y" in a java.lang.Class object's description, else the class itself. */
  private static String classNameOf(RecordedObject classMirror) {
    String d = classMirror.hasField("description") ? classMirror.getString("description") : null;
    String marker = "Class Name: ";
    if (d != null && d.contains(marker)) {
      return d.substring(d.indexOf(marker) + marker.length()).trim();
    }
    return "java.lang.Class";
  }

  /** "system, type[, description]" of the sample's GC root. */
  private static String rootOf(RecordedEvent e, boolean withDescription) {
    RecordedObject root = e.hasField("root") ? e.getValue("root") : null;
    if (root == null) {
      return "no root (not searched or over the cutoff)";
    }
    List<String> parts = new ArrayList<>();
    List<String> fields =
        withDescription ? List.of("system", "type", "description") : List.of("system", "type");
    for (String f : fields) {
      if (root.hasField(f) && root.getValue(f) != null) {
        parts.add(String.valueOf((Object) root.getValue(f)));
      }
    }
    return parts.isEmpty() ? "unknown root" : String.join(", ", parts);
  }

  private static List<String> frames(RecordedEvent e) {
    RecordedStackTrace trace = e.getStackTrace();
    List<String> frames = new ArrayList<>();
    if (trace == null) {
      return frames;
    }
    for (RecordedFrame f : trace.getFrames()) {
      if (frames.size() == TOP_FRAMES) {
        break;
      }
      if (f.getMethod() == null) {
        continue;
      }
      String line = f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "";
      frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName() + line);
    }
    return frames;
  }

  static List<String> cut(List<String> chain) {
    if (chain.size() <= MAX_CHAIN) {
      return List.copyOf(chain);
    }
    List<String> cut = new ArrayList<>(chain.subList(0, MAX_CHAIN - 2));
    cut.add("… " + (chain.size() - MAX_CHAIN + 1) + " links …");
    cut.add(chain.get(chain.size() - 1));
    return List.copyOf(cut);
  }

  private static RecordedObject field(RecordedObject o, String name) {
    return o.hasField(name) ? o.getValue(name) : null;
  }

  private static String typeName(RecordedObject o) {
    RecordedClass c = o.hasField("type") ? o.getValue("type") : null;
    return c == null ? "unknown" : readable(c.getName());
  }

  /** JVM array names ("[B", "[Ljava.lang.Object;") as Java writes them. */
  static String readable(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return name;
    }
    String element =
        switch (name.charAt(dims)) {
          case 'B' -> "byte";
          case 'C' -> "char";
          case 'S' -> "short";
          case 'I' -> "int";
          case 'J' -> "long";
          case 'F' -> "float";
          case 'D' -> "double";
          case 'Z' -> "boolean";
          default -> name.substring(dims + 1, name.length() - (name.endsWith(";") ? 1 : 0));
        };
    return element + "[]".repeat(dims);
  }

  private static boolean isApplicationClass(String type) {
    return !type.endsWith("[]")
        && !type.startsWith("java.")
        && !type.startsWith("javax.")
        && !type.startsWith("jdk.")
        && !type.startsWith("sun.")
        && !type.startsWith("com.sun.")
        && !type.equals("unknown");
  }

  private static String mostFrequent(List<String> values) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    values.forEach(v -> counts.merge(v, 1, Integer::sum));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static List<String> mostFrequentFrames(List<Sampled> group) {
    Map<List<String>, Integer> counts = new LinkedHashMap<>();
    group.forEach(s -> counts.merge(s.frames, 1, Integer::sum));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
