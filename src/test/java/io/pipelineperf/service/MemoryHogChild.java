package io.pipelineperf.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM main for {@link MemoryHogTest}: the service's OutOfMemoryError handling plus either the
 * memory-hog defect ({@code hog <MB/s>}) or a leak in the main thread that nobody catches ({@code
 * uncaught}). Exits 0 if still alive after 60 s.
 */
public final class MemoryHogChild {
  private MemoryHogChild() {}

  public static void main(String[] args) throws InterruptedException {
    OutOfMemoryExit.install();
    if (args[0].equals("hog")) {
      new MemoryHog(Integer.parseInt(args[1])).start().join(60_000);
    } else {
      List<long[]> leak = new ArrayList<>();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        leak.add(new long[16 * 1024]);
      }
    }
    System.exit(0);
  }
}
