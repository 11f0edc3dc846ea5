package io.pipelineperf.faults.infra;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.OrphanGuard;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code cpu-overload}: a separate JVM keeps more threads busy than the machine has cores, bounded
 * by the context's max hold; heal kills it. The burner dies with this JVM (it runs under {@link
 * OrphanGuard}).
 */
public final class CpuOverloadFault extends SimpleFault {
  public static final String ID = "cpu-overload";

  private final int threads;
  private Process burner;

  public CpuOverloadFault(FaultContext context) {
    this(context, 2 * Runtime.getRuntime().availableProcessors());
  }

  public CpuOverloadFault(FaultContext context, int threads) {
    super(
        ID,
        "a separate process keeps "
            + threads
            + " threads busy (2 per core on this machine) until healed; every component competes"
            + " for CPU.",
        "the service slows down but keeps up eventually: no timeouts turn into lost or duplicated"
            + " messages, no consumer is evicted for missing max.poll.interval, /ready stays 200 or"
            + " recovers, and throughput returns after heal",
        context);
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException(ID + ": threads " + threads + " is not in 1..1024");
    }
    this.threads = threads;
  }

  @Override
  public Optional<String> skipReason() {
    return Optional.empty(); // needs nothing but this machine
  }

  /** The burner's pid, or -1 when it is not running. */
  public synchronized long burnerPid() {
    return burner != null && burner.isAlive() ? burner.pid() : -1;
  }

  @Override
  public synchronized void inject() {
    if (burner != null && burner.isAlive()) {
      return;
    }
    List<String> cmd =
        OrphanGuard.javaCommand(
            List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            CpuBurner.class.getName(),
            List.of(Integer.toString(threads), Long.toString(context.maxHold().toSeconds())));
    try {
      burner =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new FaultException(ID + ": cannot start the CPU burner (" + cmd.get(0) + "): " + e, e);
    }
  }

  @Override
  public synchronized void heal() {
    if (burner == null) {
      return;
    }
    Process p = burner;
    burner = null;
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new FaultException(ID + ": the CPU burner (pid " + p.pid() + ") survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException(ID + ": interrupted while stopping the CPU burner", e);
    }
  }
}
