package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.OldObjectRecording;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recording made in this JVM, as the leak check makes one in the service: OldObjectSample
 * started over the DiagnosticCommand MBean, objects retained in a static list, a dump with the
 * paths to the GC roots; the summary must name the retained class and the static field.
 */
class LeakObjectsTest {

  /** What the test leaks: an entry holding its payload, like the planted heap-leak. */
  static final class Retained {
    private final byte[] payload;

    Retained(int bytes) {
      this.payload = new byte[bytes];
    }

    int size() {
      return payload.length;
    }
  }

  private static final List<Retained> RETAINED = new ArrayList<>();

  @AfterEach
  void release() {
    RETAINED.clear();
  }

  @Test
  void namesTheRetainedClassAndTheStaticFieldThatHoldsIt(@TempDir Path dir) throws Exception {
    MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    Path jfr = dir.resolve(LeakObjects.FILE_NAME);
    OldObjectRecording.start(mbs);
    try {
      long garbage = 0;
      // a sample is taken at a TLAB refill (a few dozen here): most of the bytes are retained, so
      // that some samples are retained ones
      for (int i = 0; i < 100_000; i++) {
        RETAINED.add(new Retained(256));
        garbage += new byte[128].length; // dies young: sampled, then dropped at GC
      }
      System.gc();
      OldObjectRecording.dump(mbs, jfr);
      assertThat(garbage).isPositive();
    } finally {
      OldObjectRecording.stop(mbs);
    }

    List<LeakObjects.Candidate> candidates = LeakObjects.summarise(jfr, 10);
    assertThat(candidates).isNotEmpty().hasSizeLessThanOrEqualTo(10);
    LeakObjects.Candidate top = candidates.get(0);
    assertThat(top.type()).isEqualTo(Retained.class.getName());
    // JFR's root search takes the first path it finds: mostly the static field, at times (seen in a
    // full unit-test run) a thread's local JNI handle to the same list
    assertThat(top.holder())
        .satisfiesAnyOf(
            h ->
                assertThat(h)
                    .isEqualTo(LeakObjectsTest.class.getName() + ".RETAINED (static field)"),
            h -> assertThat(h).startsWith("java.util.ArrayList.elementData ("));
    assertThat(top.samples()).isPositive().isLessThanOrEqualTo(top.ofSamples());
    // the chain ends at the holder: the field itself, the holder adds the root kind when the root
    // is not a static field (e.g. "… (Threads, Local JNI Handle)")
    assertThat(top.chain()).hasSizeLessThanOrEqualTo(LeakObjects.MAX_CHAIN);
    String last = top.chain().get(top.chain().size() - 1);
    assertThat(top.holder())
        .satisfiesAnyOf(
            h -> assertThat(h).isEqualTo(last), h -> assertThat(h).startsWith(last + " ("));
    // the sample shown is a payload (held by its entry) or an entry itself
    assertThat(top.chain().get(top.objectType().equals("byte[]") ? 1 : 0))
        .isEqualTo(
            Retained.class.getName() + (top.objectType().equals("byte[]") ? ".payload" : ""));
    assertThat(top.allocationTopFrames())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(LeakObjects.TOP_FRAMES)
        .anyMatch(f -> f.contains("Retained.<init>") || f.contains("namesTheRetainedClass"));
    System.out.println("[leak-objects] top " + top);
  }

  @Test
  void cutsLongChainsKeepingTheObjectAndTheHolder() {
    List<String> chain = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      chain.add("link" + i);
    }
    assertThat(LeakObjects.cut(chain))
        .hasSize(LeakObjects.MAX_CHAIN)
        .startsWith("link0", "link1")
        .endsWith("… 13 links …", "link19");
    assertThat(LeakObjects.cut(chain.subList(0, 8))).isEqualTo(chain.subList(0, 8));
  }

  @Test
  void writesArrayNamesAsJavaDoes() {
    assertThat(LeakObjects.readable("[B")).isEqualTo("byte[]");
    assertThat(LeakObjects.readable("[[J")).isEqualTo("long[][]");
    assertThat(LeakObjects.readable("[Ljava.lang.Object;")).isEqualTo("java.lang.Object[]");
    assertThat(LeakObjects.readable("a.B$C")).isEqualTo("a.B$C");
  }
}
