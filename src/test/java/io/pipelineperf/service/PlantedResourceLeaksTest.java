package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The planted fd-leak (real files of this JVM), the native leak (real direct memory of this JVM)
 * and the message counting of fd and session leaks.
 */
class PlantedResourceLeaksTest {

  private static List<Message> batch(int size) {
    List<Message> list = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      list.add(new Message(UUID.randomUUID(), "C-1", BigDecimal.ONE, "EUR", "{}"));
    }
    return list;
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static PlantedLeaks leaks(Set<Defect> defects, LeakedHandles.SessionOpener opener) {
    return new PlantedLeaks(defects, 512, 20, 100, 16, 200, 1000, new LeakedHandles(opener, 100));
  }

  @Test
  void countsMultiplesOfTheMessageCountPassed() {
    assertThat(PlantedLeaks.crossings(0, 150, 200)).isZero();
    assertThat(PlantedLeaks.crossings(150, 300, 200)).isEqualTo(1);
    assertThat(PlantedLeaks.crossings(300, 1000, 200)).isEqualTo(4);
    assertThat(PlantedLeaks.crossings(0, 1000, 0)).as("leak off").isZero();
  }

  @Test
  void fdLeakKeepsAFileOpenEvery200Messages() throws IOException {
    PlantedLeaks leaks = leaks(Set.of(Defect.FD_LEAK), PlantedResourceLeaksTest::noSession);
    long before = openFds();

    for (int i = 0; i < 6; i++) {
      leaks.afterBatch(batch(150)); // 900 messages
    }

    assertThat(leaks.handles().files()).isEqualTo(4);
    assertThat(openFds() - before).isGreaterThanOrEqualTo(4);
    assertThat(leaks.handles().sessions()).isZero();
  }

  @Test
  void sessionLeakOpensOneSessionEvery1000MessagesAndNoFiles() {
    List<String> opened = new ArrayList<>();
    PlantedLeaks leaks =
        leaks(
            Set.of(Defect.SESSION_LEAK),
            () -> {
              opened.add("session");
              throw new SQLException("no server in this test", "08001");
            });

    leaks.afterBatch(batch(2500));

    assertThat(opened).hasSize(2);
    assertThat(leaks.handles().files()).isZero();
  }

  @Test
  void offUnlessNamed() {
    PlantedLeaks leaks = leaks(Set.of(), PlantedResourceLeaksTest::noSession);
    leaks.afterBatch(batch(5000));
    assertThat(leaks.handles().files()).isZero();
    assertThat(leaks.nativeBytesKept()).isZero();
  }

  @Test
  void nativeLeakKeepsDirectMemoryInWholeChunksUpToItsCap() {
    PlantedLeaks leaks =
        new PlantedLeaks(
            Set.of(Defect.NATIVE_LEAK),
            512,
            20,
            100,
            16,
            200,
            1000,
            new LeakedHandles(PlantedResourceLeaksTest::noSession, 100),
            new LeakyNativeBuffers(1024, 20L * LeakyNativeBuffers.CHUNK_BYTES));
    long directBefore = directBytes();

    leaks.afterBatch(batch(700));
    leaks.afterBatch(batch(300)); // 1000 messages of 1 KiB: 15 whole chunks of 64 KiB

    assertThat(leaks.nativeBytesKept()).isEqualTo(15L * LeakyNativeBuffers.CHUNK_BYTES);
    assertThat(directBytes() - directBefore)
        .as("the JVM's direct buffer pool")
        .isGreaterThanOrEqualTo(15L * LeakyNativeBuffers.CHUNK_BYTES);
    leaks.afterBatch(batch(5000)); // past the cap of 20 chunks: no more
    assertThat(leaks.nativeBytesKept()).isEqualTo(20L * LeakyNativeBuffers.CHUNK_BYTES);
    assertThat(leaks.handles().files()).isZero();
  }

  private static long directBytes() {
    return java.lang.management.ManagementFactory.getPlatformMXBeans(
            java.lang.management.BufferPoolMXBean.class)
        .stream()
        .filter(b -> b.getName().equals("direct"))
        .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed)
        .sum();
  }

  private static java.sql.Connection noSession() throws SQLException {
    throw new SQLException("not expected");
  }
}
