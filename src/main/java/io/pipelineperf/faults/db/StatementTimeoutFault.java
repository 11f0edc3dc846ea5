package io.pipelineperf.faults.db;

import io.pipelineperf.faults.Fault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code db-statement-timeout}: the server-wide {@code statement_timeout} is lowered (ALTER SYSTEM
 * plus reload, so the service's already-open pooled sessions get it at their next command) and
 * {@code pipeline.process_message} sleeps longer than that on a fraction of calls (row {@code
 * db-statement-timeout} of {@code pipeline.fault_control}), so those statements are cancelled with
 * SQLSTATE 57014. Heal disables the sleep and puts back the ALTER SYSTEM value from before (usually
 * none).
 *
 * <p>Server-wide on purpose: ALTER ROLE/DATABASE ... SET reaches only new sessions, and a pool
 * keeps its sessions for up to its max lifetime (30 min in HikariCP). Other clients' statements
 * longer than the timeout are cancelled as well while injected; the faults' own sessions are not.
 */
public final class StatementTimeoutFault implements Fault {
  public static final String ID = "db-statement-timeout";
  private static final Duration MIN_OVERSHOOT = Duration.ofMillis(500);

  private final PostgresAdmin db;
  private final Duration timeout;
  private final double probability;
  private final FaultControlRow row;
  private final ServerSetting setting;

  public StatementTimeoutFault(PostgresAdmin db, Duration timeout, double probability) {
    this.db = db;
    if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException(
          ID + ": timeout " + timeout + " must be at least 1 ms (statement_timeout)");
    }
    this.timeout = timeout;
    this.probability = FaultControlRow.checkProbability(ID, probability);
    this.row = new FaultControlRow(db, ID);
    this.setting = new ServerSetting(db, ID, "statement_timeout");
  }

  /** How long the procedure sleeps on an affected call: well past the timeout. */
  Duration procedureSleep() {
    return timeout.plus(timeout.compareTo(MIN_OVERSHOOT) > 0 ? timeout : MIN_OVERSHOOT);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "statement_timeout is set to "
        + timeout.toMillis()
        + " ms server-wide and pipeline.process_message sleeps "
        + procedureSleep().toMillis()
        + " ms on "
        + ProcedureErrorFault.percent(probability)
        + " of calls, so those statements are cancelled with SQLSTATE 57014 after "
        + timeout.toMillis()
        + " ms.";
  }

  @Override
  public String handledMeans() {
    return "cancelled transactions (57014) are rolled back and retried with backoff, no"
        + " connection is leaked; after heal every acknowledged message is in pipeline.messages"
        + " exactly once";
  }

  @Override
  public void inject() {
    setting.set(timeout.toMillis() + "ms");
    row.enable(Optional.empty(), procedureSleep(), probability);
  }

  @Override
  public void heal() {
    RuntimeException failure = null;
    try {
      row.disable();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      setting.restore();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Optional<String> skipReason() {
    Optional<String> reason = db.cannotAdminister(FaultControlRow.TABLE);
    return reason.isPresent() ? reason : setting.overridden();
  }
}
