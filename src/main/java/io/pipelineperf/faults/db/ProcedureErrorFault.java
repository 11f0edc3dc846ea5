package io.pipelineperf.faults.db;

import io.pipelineperf.faults.Fault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code db-procedure-error}: {@code pipeline.process_message} raises a chosen SQLSTATE for a
 * fraction of calls (through row {@code db-procedure-error} of {@code pipeline.fault_control}).
 */
public final class ProcedureErrorFault implements Fault {
  public static final String ID = "db-procedure-error";

  private final PostgresAdmin db;
  private final String sqlState;
  private final double probability;
  private final FaultControlRow row;

  public ProcedureErrorFault(PostgresAdmin db, String sqlState, double probability) {
    this.db = db;
    this.sqlState = FaultControlRow.checkSqlState(ID, sqlState);
    this.probability = FaultControlRow.checkProbability(ID, probability);
    this.row = new FaultControlRow(db, ID);
  }

  public String sqlState() {
    return sqlState;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "pipeline.process_message raises SQLSTATE "
        + sqlState
        + " on "
        + percent(probability)
        + " of calls; a transaction of n calls fails with chance 1-(1-p)^n.";
  }

  @Override
  public String handledMeans() {
    return isDataError(sqlState)
        ? "messages whose call fails with "
            + sqlState
            + " are dead-lettered with a reason, the rest of their batch is committed, nothing"
            + " is lost or duplicated"
        : "failed transactions are rolled back and retried with backoff; after heal every"
            + " acknowledged message is in pipeline.messages exactly once, none dead-lettered";
  }

  /** Classes the service treats as the message's fault (data exception, integrity, business). */
  private static boolean isDataError(String state) {
    return state.startsWith("22") || state.startsWith("23") || state.startsWith("PB");
  }

  static String percent(double p) {
    return String.format(java.util.Locale.ROOT, "%.4g%%", p * 100);
  }

  @Override
  public void inject() {
    row.enable(Optional.of(sqlState), Duration.ZERO, probability);
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
