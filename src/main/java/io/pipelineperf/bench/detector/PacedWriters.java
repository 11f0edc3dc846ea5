package io.pipelineperf.bench.detector;

import io.pipelineperf.verify.MessageIds;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The writers of one rate, sharing one {@link InsertSchedule}: started, read and stopped together.
 */
final class PacedWriters implements AutoCloseable {

  private final List<PacedWriter> writers = new ArrayList<>();
  private boolean stopped;

  /** Connects every writer; none writes before {@link #start(long)}. */
  PacedWriters(
      String url,
      String user,
      String password,
      String table,
      InsertSchedule schedule,
      long commitEveryNanos,
      String payload)
      throws SQLException {
    MessageIds ids = MessageIds.forRun();
    try {
      for (int i = 0; i < schedule.writers(); i++) {
        writers.add(
            new PacedWriter(
                url, user, password, table, schedule, i, commitEveryNanos, ids, payload));
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  void start(long startNanos) {
    writers.forEach(w -> w.start(startNanos));
  }

  long written() {
    return writers.stream().mapToLong(PacedWriter::written).sum();
  }

  long commits() {
    return writers.stream().mapToLong(PacedWriter::commits).sum();
  }

  /** The latest any writer committed a batch's oldest row after its due time, in ms. */
  double lateMaxMs() {
    return writers.stream().mapToLong(PacedWriter::lateMaxNanos).max().orElse(0) / 1e6;
  }

  void resetLate() {
    writers.forEach(PacedWriter::resetLate);
  }

  /** Stops every writer (each after its transaction in progress); rethrows the first failure. */
  void stop() throws SQLException, InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    Exception first = null;
    for (PacedWriter w : writers) {
      try {
        w.stop();
      } catch (SQLException | RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first instanceof SQLException e) {
      throw e;
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (SQLException | RuntimeException e) {
      // closing after the run: its outcome was reported already, or is being thrown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
