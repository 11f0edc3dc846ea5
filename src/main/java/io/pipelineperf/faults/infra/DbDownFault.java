package io.pipelineperf.faults.infra;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.PostgresServer;

/**
 * {@code db-down}: PostgreSQL is SIGKILLed (postmaster and all backends); heal starts it again on
 * the same port and data (crash recovery replays the WAL: committed rows survive, the server's
 * settings are durable).
 */
public final class DbDownFault extends SimpleFault {
  public static final String ID = "db-down";

  public DbDownFault(FaultContext context) {
    super(
        ID,
        "SIGKILL of the PostgreSQL postmaster and its backends; heal restarts it on the same port"
            + " and data directory (crash recovery).",
        "the service stops consuming (or retries) instead of committing offsets for unwritten"
            + " messages, reports not-ready, does not crash; after heal its pool reconnects by"
            + " itself and every acknowledged message is in pipeline.messages exactly once",
        context);
  }

  private PostgresServer postgres() {
    return context.stack().orElseThrow().postgres();
  }

  @Override
  public void inject() {
    postgres().kill();
  }

  @Override
  public void heal() {
    postgres().start(); // no-op when running
  }
}
