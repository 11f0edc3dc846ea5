package io.pipelineperf.faults.db;

import io.pipelineperf.faults.Fault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code db-slow}: {@code pipeline.process_message} sleeps before writing, for a fraction of calls
 * (row {@code db-slow} of {@code pipeline.fault_control}).
 */
public final class ProcedureSlowFault implements Fault {
  public static final String ID = "db-slow";

  private final PostgresAdmin db;
  private final Duration sleep;
  private final double probability;
  private final FaultControlRow row;

  public ProcedureSlowFault(PostgresAdmin db, Duration sleep, double probability) {
    this.db = db;
    this.sleep = FaultControlRow.checkSleep(ID, sleep);
    this.probability = FaultControlRow.checkProbability(ID, probability);
    this.row = new FaultControlRow(db, ID);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "pipeline.process_message sleeps "
        + sleep.toMillis()
        + " ms on "
        + ProcedureErrorFault.percent(probability)
        + " of calls, inside the caller's transaction (row locks already taken by earlier calls"
        + " of the batch stay held meanwhile).";
  }

  @Override
  public String handledMeans() {
    return "throughput drops and latency rises while injected, without errors, loss or"
        + " duplicates; after heal the backlog drains and latency returns to its baseline";
  }

  @Override
  public void inject() {
    row.enable(Optional.empty(), sleep, probability);
  }

  @Override
  public void heal() {
    row.disable();
  }

  @Override
  public Optional<String> skipReason() {
    return db.cannotAdminister(FaultControlRow.TABLE);
  }
}
