package io.pipelineperf.bench.detector;

import io.pipelineperf.bench.ProcessCpu;
import io.pipelineperf.gatling.DbCompletionWatcher;
import io.pipelineperf.gatling.DbLogin;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One rate of the detector benchmark on a fresh, empty table: a {@link DbCompletionWatcher} (its
 * sink only counts) and the {@link PacedWriters} run for the warm-up; then the watcher's lag
 * figures and the writers' lateness are reset and the measured phase runs; the writers stop, and
 * the watcher is given up to the drain time to see every row committed.
 */
final class DetectorRun {

  private final DetectorBenchSettings settings;
  private final DbLogin login;
  private final long postmasterPid;
  private final ProcessCpu processCpu = new ProcessCpu();

  DetectorRun(DetectorBenchSettings settings, DbLogin login, long postmasterPid) {
    this.settings = settings;
    this.login = login;
    this.postmasterPid = postmasterPid;
  }

  /** Where the counters stood at one moment. */
  private record Snapshot(
      long nanos,
      long written,
      long commits,
      long polls,
      double detectorCpuSeconds,
      double jvmCpuSeconds,
      double postgresCpuSeconds) {}

  DetectorResult run(int rate, String table) throws SQLException, InterruptedException {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    LongAdder seen = new LongAdder();
    try (DbCompletionWatcher watcher =
            new DbCompletionWatcher(
                login,
                settings.completion(table),
                settings.pollInterval(),
                (outcome, seenAt) -> seen.increment());
        PacedWriters writers =
            new PacedWriters(
                login.url(),
                login.user(),
                login.password(),
                table,
                new InsertSchedule(rate, settings.writers()),
                settings.commitEvery().toNanos(),
                "x".repeat(settings.payloadBytes()))) {
      long start = System.nanoTime();
      writers.start(start);
      sleepUntil(start + settings.warmup().toNanos());
      watcher.resetStatistics();
      writers.resetLate();
      Snapshot from = snapshot(watcher, writers);
      sleepUntil(from.nanos() + settings.measured().toNanos());
      writers.stop();
      Snapshot to = snapshot(watcher, writers);
      long inserted = writers.written();
      awaitSeen(seen, inserted, watcher);
      double seconds = (to.nanos() - from.nanos()) / 1e9;
      long measuredRows = to.written() - from.written();
      return new DetectorResult(
          rate,
          measuredRows / seconds,
          inserted,
          seen.sum(),
          measuredRows,
          seconds,
          DetectorResult.Lag.of(watcher.lagMicros()),
          new DetectorResult.Cpu(
              to.detectorCpuSeconds() - from.detectorCpuSeconds(),
              to.jvmCpuSeconds() - from.jvmCpuSeconds(),
              to.postgresCpuSeconds() - from.postgresCpuSeconds()),
          writers.lateMaxMs(),
          loadBefore < 0 ? Double.NaN : loadBefore,
          to.polls() - from.polls(),
          to.commits() - from.commits());
    }
  }

  private Snapshot snapshot(DbCompletionWatcher watcher, PacedWriters writers) {
    return new Snapshot(
        System.nanoTime(),
        writers.written(),
        writers.commits(),
        watcher.polls(),
        watcher.cpuTime().toNanos() / 1e9,
        processCpu.jvmSeconds(),
        processCpu.postgresSeconds(postmasterPid));
  }

  /** Until the watcher has seen every row inserted, it gave up, or the drain time is over. */
  private void awaitSeen(LongAdder seen, long inserted, DbCompletionWatcher watcher)
      throws InterruptedException {
    long deadline = System.nanoTime() + settings.drain().toNanos();
    while (seen.sum() < inserted && !watcher.gaveUp() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
