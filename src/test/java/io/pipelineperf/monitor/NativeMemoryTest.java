package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The NMT parser on real output, captured on this machine with {@code jcmd <pid> VM.native_memory
 * summary} (and {@code baseline}, then {@code summary.diff} 4 s later) from a JVM started with
 * {@code -XX:NativeMemoryTracking=summary} that keeps 100 direct buffers of 1 KiB every 100 ms:
 * OpenJDK 17.0.15 (Debian) and Temurin 25. The MBean returns the same text without jcmd's first
 * line (the pid); {@code service-jdk17-summary-diff.txt} is one as the leak check got it from the
 * reference service over JMX.
 */
class NativeMemoryTest {

  private static final long KB = 1024;

  private static String resource(String name) throws IOException {
    try (InputStream in = NativeMemoryTest.class.getResourceAsStream("/nmt/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void jdk17SummaryGivesTheTotalAndEveryCategory() throws IOException {
    NativeMemory nmt = NativeMemory.parse(resource("jdk17-summary.txt")).orElseThrow();

    assertThat(nmt.committedBytes()).isEqualTo(489389 * KB);
    assertThat(nmt.reservedBytes()).isEqualTo(7847725 * KB);
    assertThat(nmt.committedDeltaBytes()).isNull();
    assertThat(nmt.categories())
        .containsKeys(
            "Java Heap",
            "Class",
            "Thread",
            "Code",
            "GC",
            "Compiler",
            "Internal",
            "Other",
            "Symbol",
            "Native Memory Tracking",
            "Shared class space",
            "Arena Chunk",
            "Metaspace",
            "Object Monitors");
    assertThat(nmt.categories()).hasSize(19);
    assertThat(nmt.committed("Java Heap")).isEqualTo(397312 * KB);
    assertThat(nmt.committed("Thread")).isEqualTo(917 * KB);
    // the 1000 direct buffers of 4 KiB the JVM kept: Unsafe.allocateMemory is "Other"
    assertThat(nmt.committed("Other")).isEqualTo(4010 * KB);
    assertThat(nmt.categories().get("Class").reservedBytes()).isEqualTo(1048815 * KB);
    assertThat(nmt.nonHeapCommittedBytes()).isEqualTo((489389 - 397312) * KB);
    // the signal leaves out the heap, Code, Compiler, Arena Chunk, Tracing (none here) and NMT
    assertThat(nmt.signalCommittedBytes())
        .isEqualTo((489389 - 397312 - 7748 - 190 - 175 - 1020) * KB);
    assertThat(nmt.committed("not a category")).isZero();
    assertCategoriesAddUpToTheTotal(nmt);
  }

  @Test
  void jdk25SummaryWithItsOtherDetailLinesParsesAlike() throws IOException {
    NativeMemory nmt = NativeMemory.parse(resource("jdk25-summary.txt")).orElseThrow();

    assertThat(nmt.committedBytes()).isEqualTo(481662 * KB);
    assertThat(nmt.committed("Java Heap")).isEqualTo(393216 * KB);
    assertThat(nmt.committed("Other")).isEqualTo(4010 * KB);
    // "(reserved=16384KB, committed=13908KB, readonly=0KB)"
    assertThat(nmt.committed("Shared class space")).isEqualTo(13908 * KB);
    assertThat(nmt.categories()).containsKey("Tracing").doesNotContainKey("Object Monitors");
    assertCategoriesAddUpToTheTotal(nmt);
  }

  @Test
  void jdk17DiffGivesTheGrowthSinceTheBaselinePerCategory() throws IOException {
    NativeMemory diff = NativeMemory.parseDiff(resource("jdk17-summary-diff.txt")).orElseThrow();

    assertThat(diff.committedBytes()).isEqualTo(496088 * KB);
    assertThat(diff.committedDeltaBytes()).isEqualTo(6219 * KB);
    // the direct buffers kept since the baseline
    assertThat(diff.categories().get("Other").committedDeltaBytes()).isEqualTo(4200 * KB);
    assertThat(diff.categories().get("Arena Chunk").committedDeltaBytes()).isEqualTo(1951 * KB);
    // no change printed: unchanged
    assertThat(diff.categories().get("Java Heap").committedDeltaBytes()).isZero();
    assertThat(diff.nonHeapCommittedDeltaBytes()).isEqualTo(6219 * KB);
    // without the compilers' arenas (+1951) and NMT's own bookkeeping (+68)
    assertThat(diff.signalCommittedDeltaBytes()).isEqualTo(4200 * KB);
    long sumOfChanges =
        diff.categories().values().stream()
            .mapToLong(NativeMemory.Category::committedDeltaBytes)
            .sum();
    assertThat(sumOfChanges).isBetween((6219 - 5) * KB, (6219 + 5) * KB);
  }

  @Test
  void jdk25DiffWithTheMallocAndMmapLinesApartParsesAlike() throws IOException {
    NativeMemory diff = NativeMemory.parseDiff(resource("jdk25-summary-diff.txt")).orElseThrow();

    assertThat(diff.committedDeltaBytes()).isEqualTo(6171 * KB);
    assertThat(diff.categories().get("Other").committedDeltaBytes()).isEqualTo(4500 * KB);
    assertThat(diff.committed("Other")).isEqualTo(9010 * KB);
  }

  @Test
  void theServiceDiffOfALeakDetectionRunShowsTheNativeLeakInOther() throws IOException {
    // LeakDetectionIT's heap/thread/fd/session/native-leak run: baseline at the start of the
    // measured phase, summary.diff after the drain, through the DiagnosticCommand MBean
    NativeMemory diff =
        NativeMemory.parseDiff(resource("service-jdk17-summary-diff.txt")).orElseThrow();

    assertThat(diff.committedDeltaBytes()).isEqualTo(93244 * KB);
    assertThat(diff.categories().get("Other").committedDeltaBytes()).isEqualTo(62930 * KB);
    assertThat(diff.categories().get("Thread").committedDeltaBytes()).isEqualTo(12370 * KB);
    // the compilers gave memory back: negative changes
    assertThat(diff.categories().get("Arena Chunk").committedDeltaBytes()).isEqualTo(-6128 * KB);
    // the leak check's own JFR recording, started after the baseline
    assertThat(diff.categories().get("Tracing").committedDeltaBytes()).isEqualTo(18340 * KB);
    // the signal: the total's change without Code, Compiler, Arena Chunk, Tracing and NMT's
    assertThat(diff.signalCommittedDeltaBytes())
        .isEqualTo((93244 - 3537 + 2565 + 6128 - 18340 - 436) * KB);
  }

  @Test
  void aSummaryParsedAsADiffHasNoChanges() throws IOException {
    NativeMemory nmt = NativeMemory.parseDiff(resource("jdk17-summary.txt")).orElseThrow();

    assertThat(nmt.nonHeapCommittedDeltaBytes()).isZero();
  }

  @Test
  void aJvmWithoutNmtSaysSoAndParsesToNothing() throws IOException {
    String text = resource("jdk17-not-enabled.txt");

    assertThat(NativeMemory.notEnabled(text)).isTrue();
    assertThat(NativeMemory.parse(text)).isEmpty();
    assertThat(NativeMemory.parse(null)).isEmpty();
    assertThat(NativeMemory.parse("garbage\nTotal: nothing")).isEmpty();
    assertThat(NativeMemory.notEnabled(resource("jdk17-summary.txt"))).isFalse();
  }

  @Test
  void otherScalesAreRead() {
    Optional<NativeMemory> nmt =
        NativeMemory.parse(
            "Total: reserved=2GB, committed=300MB\n"
                + "-                 Java Heap (reserved=1GB, committed=256MB)\n"
                + "-                     Other (reserved=44MB, committed=44MB)\n");

    assertThat(nmt).isPresent();
    assertThat(nmt.get().committedBytes()).isEqualTo(300L * 1024 * 1024);
    assertThat(nmt.get().nonHeapCommittedBytes()).isEqualTo(44L * 1024 * 1024);
  }

  @Test
  void categoriesTheSignalLeavesOutAreKnownByNameAndByKey() {
    assertThat(NativeMemory.notJudged("Arena Chunk")).isTrue();
    assertThat(NativeMemory.notJudged("ArenaChunk")).isTrue();
    assertThat(NativeMemory.notJudged("Tracing")).isTrue();
    assertThat(NativeMemory.notJudged("Other")).isFalse();
    assertThat(NativeMemory.notJudged("Metaspace")).isFalse();
  }

  @Test
  void seriesKeysAreTheCapitalisedWords() {
    assertThat(NativeMemory.key("Java Heap")).isEqualTo("JavaHeap");
    assertThat(NativeMemory.key("Shared class space")).isEqualTo("SharedClassSpace");
    assertThat(NativeMemory.key("GC")).isEqualTo("GC");
    assertThat(NativeMemory.key("Arena Chunk")).isEqualTo("ArenaChunk");
    assertThat(NativeMemory.key("--")).isEqualTo("Unnamed");
  }

  private static void assertCategoriesAddUpToTheTotal(NativeMemory nmt) {
    long sum =
        nmt.categories().values().stream().mapToLong(NativeMemory.Category::committedBytes).sum();
    // each category is rounded to whole KB
    assertThat(Math.abs(sum - nmt.committedBytes()))
        .isLessThanOrEqualTo(nmt.categories().size() * KB);
  }
}
