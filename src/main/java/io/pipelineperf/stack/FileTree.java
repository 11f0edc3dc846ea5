package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive delete. */
final class FileTree {
  private FileTree() {}

  static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort; reported below if the root remains
                }
              });
    } catch (IOException e) {
      System.err.println("[stack] cannot delete " + root + ": " + e);
    }
    if (Files.exists(root)) {
      System.err.println("[stack] could not delete all of " + root);
    }
  }
}
