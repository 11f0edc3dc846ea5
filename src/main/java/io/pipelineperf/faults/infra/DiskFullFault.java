package io.pipelineperf.faults.infra;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.PostgresServer;
import io.pipelineperf.stack.TmpfsMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code disk-full}: PostgreSQL's data directory lives on a small tmpfs (stack started with {@code
 * -Dfault.disk=true}); inject fills that file system with a filler file until the kernel answers
 * ENOSPC, heal deletes the file (and restarts PostgreSQL if it gave up).
 */
public final class DiskFullFault extends SimpleFault {
  public static final String ID = "disk-full";
  static final String FILLER = "pipeline-perf-disk-filler";
  private static final int CHUNK = 1 << 20;
  private static final Duration FILL_BOUND = Duration.ofSeconds(120);

  private volatile long filledBytes;

  public DiskFullFault(FaultContext context) {
    super(
        ID,
        "fills the tmpfs that holds PostgreSQL's data directory (-Dfault.disk=true) with a filler"
            + " file until no byte is left: table extensions fail with 53100 'could not extend"
            + " file', a new WAL segment cannot be created (PANIC, crash recovery). Heal deletes"
            + " the filler and restarts PostgreSQL if it stopped.",
        "the service treats 53100 and lost connections as transient: it retries, commits no offset"
            + " for unwritten messages, dead-letters nothing, reports not-ready if the database is"
            + " gone; after heal every acknowledged message is in pipeline.messages exactly once",
        context);
  }

  /** Bytes the last inject wrote before the file system was full. */
  public long filledBytes() {
    return filledBytes;
  }

  @Override
  public Optional<String> skipReason() {
    Optional<String> reason = context.requireEmbedded();
    if (reason.isPresent()) {
      return reason;
    }
    return context.stack().flatMap(EmbeddedStack::diskMount).isPresent()
        ? Optional.empty()
        : Optional.of(
            "PostgreSQL's data is not on a tmpfs of its own: start the stack with"
                + " -Dfault.disk=true (needs root and a working 'mount -t tmpfs')");
  }

  private Path filler() {
    TmpfsMount mount =
        context
            .stack()
            .flatMap(EmbeddedStack::diskMount)
            .orElseThrow(() -> new FaultException(ID + ": " + skipReason().orElse("")));
    return mount.dir().resolve(FILLER);
  }

  @Override
  public synchronized void inject() {
    Path filler = filler();
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    long deadline = System.nanoTime() + FILL_BOUND.toNanos();
    long written = 0;
    try (FileChannel out =
        FileChannel.open(
            filler,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      while (System.nanoTime() < deadline) {
        chunk.clear();
        try {
          while (chunk.hasRemaining()) {
            written += out.write(chunk);
          }
        } catch (IOException full) {
          filledBytes = written;
          return; // ENOSPC: the file system is full
        }
      }
    } catch (IOException e) {
      throw new FaultException(ID + ": cannot write " + filler + ": " + e, e);
    }
    throw new FaultException(ID + ": " + filler + " did not fill the disk within " + FILL_BOUND);
  }

  @Override
  public synchronized void heal() {
    Path filler = filler();
    try {
      Files.deleteIfExists(filler);
    } catch (IOException e) {
      throw new FaultException(ID + ": cannot delete " + filler + ": " + e, e);
    }
    PostgresServer postgres = context.stack().orElseThrow().postgres();
    if (!postgres.isRunning()) {
      postgres.kill(); // releases what is left of the crashed instance
      postgres.start();
    }
  }
}
