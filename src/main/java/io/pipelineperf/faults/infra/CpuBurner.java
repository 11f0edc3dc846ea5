package io.pipelineperf.faults.infra;

/**
 * {@code CpuBurner <threads> <maxSeconds>}: keeps {@code threads} threads busy for at most {@code
 * maxSeconds}, then exits. Run in its own process by {@link CpuOverloadFault}.
 */
public final class CpuBurner {
  private CpuBurner() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: CpuBurner <threads> <maxSeconds>");
      System.exit(2);
    }
    int threads = Integer.parseInt(args[0]);
    long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> burn(deadline), "cpu-burner-" + i);
      t.setDaemon(true);
      t.start();
    }
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Thread.sleep(Math.min(1000, Math.max(1, left / 1_000_000)));
    }
    System.exit(0);
  }

  private static void burn(long deadline) {
    double x = 1.0;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 100_000; i++) {
        x = Math.sqrt(x + i) * 1.0000001;
      }
    }
    if (x == 42) { // keeps the loop from being optimised away
      System.out.println(x);
    }
  }
}
