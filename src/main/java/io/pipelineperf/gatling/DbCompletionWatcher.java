package io.pipelineperf.gatling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion for any pipeline that writes one row per message ({@code -Dcompletion=db}): a message
 * counts as processed once its row is committed in the table of {@link DbCompletionSettings}. No
 * cooperation from the pipeline is needed beyond a column that increases with every insert.
 *
 * <p>Each poll reads the rows above the highest sequence value seen so far, plus the holes left
 * below it ({@link SeqGaps}). Why holes, not a trailing window: a sequence value is drawn at insert
 * and becomes visible at commit, so a lower value can commit after a higher one was read.
 * Re-reading a fixed window of values below the mark would read every recent row again on every
 * poll and still miss a row that commits after the window passed it; re-reading exactly the values
 * never seen costs nothing when there are no holes, and a hole is given up only after {@code
 * -Dcompletion.db.gapMs=} (a rolled-back insert or a cached sequence leaves a hole that never
 * fills). Rows already in the table at start are not read. Ids the run never sent are ignored by
 * the tracker.
 *
 * <p>A message's seen time is when its poll returned. Its detector lag is that moment minus the
 * commit time of its row's transaction ({@code pg_xact_commit_timestamp(xmin)}, only with {@code
 * track_commit_timestamp=on}; otherwise the lag is reported unavailable). The lag compares the
 * injector's clock with the database server's: on another host it includes their clock offset. A
 * row updated after its insert carries the update's commit time.
 *
 * <p>The settings are checked before any load: the poll statement is executed once with {@code
 * limit 0}, and a failure names the setting. A failing poll is retried with backoff, and given up
 * only after {@value #MAX_CONSECUTIVE_FAILURES} failures in a row.
 */
public final class DbCompletionWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DbCompletionWatcher.class);
  static final int MAX_CONSECUTIVE_FAILURES = 50;
  static final int MAX_OPEN_GAPS = 100_000;
  private static final long MAX_BACKOFF_MS = 2_000;
  private static final long MAX_LAG_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final DbLogin login;
  private final DbCompletionSettings settings;
  private final Duration pollInterval;
  private final OutcomeWatcher.Sink sink;
  private final boolean commitTimestamps;
  private final String pollSql;
  private final SeqGaps gaps;
  private final Histogram lagMicros = new SynchronizedHistogram(MAX_LAG_MICROS, 3);
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong failedPolls = new AtomicLong();
  private final AtomicLong lagUnavailable = new AtomicLong();
  private final Thread poller;
  private Connection connection;
  private volatile long cpuNanos;
  private volatile long gapsFilled;
  private volatile long gapsExpired;
  private volatile boolean gaveUp;
  private volatile boolean running = true;

  /**
   * Connects, checks the settings with a dry run and reads the current high-water mark; polls from
   * then on. Throws {@link IllegalArgumentException} naming the setting when the poll cannot run.
   */
  public DbCompletionWatcher(
      DbLogin login,
      DbCompletionSettings settings,
      Duration pollInterval,
      OutcomeWatcher.Sink sink) {
    this.login = login;
    this.settings = settings;
    this.pollInterval = pollInterval;
    this.sink = sink;
    try {
      connection = login.connect();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "-Dcompletion=db cannot connect to "
              + login.url()
              + " as "
              + login.user()
              + " ("
              + sqlText(e)
              + "): check -Ddb.url=, -Ddb.user= and -Ddb.password=",
          e);
    }
    try {
      this.commitTimestamps = commitTimestampsOn(connection);
      this.pollSql = settings.poll(commitTimestamps);
      dryRun();
      this.gaps = new SeqGaps(highWaterMark(), settings.gapTimeout().toNanos(), MAX_OPEN_GAPS);
    } catch (RuntimeException | SQLException e) {
      closeConnection();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("-Dcompletion=db: " + sqlText((SQLException) e), e);
    }
    if (!seqIndexed()) {
      LOG.warn(
          "No index on {}.{}: every poll scans the whole table, and the detector's lag grows with"
              + " it (measured: p50 40 ms at 80 000 rows). Create one: create index on {} ({})",
          settings.table(),
          settings.seqColumn(),
          settings.table(),
          settings.seqColumn());
    }
    if (!commitTimestamps) {
      LOG.warn(
          "track_commit_timestamp is off at {}: completion by database rows works, but its lag"
              + " (seen minus commit time) is reported unavailable",
          login.url());
    }
    this.poller = new Thread(this::pollLoop, "db-completion");
    poller.setDaemon(true);
    poller.start();
    LOG.info(
        "Completion by database rows: a message is processed once its row is committed in {}"
            + " (id {}, sequence {}, read every {} ms, from sequence {})",
        settings.table(),
        settings.idColumn(),
        settings.seqColumn(),
        pollInterval.toMillis(),
        gaps.highWater() == SeqGaps.NONE_YET ? "start" : gaps.highWater());
  }

  /** Whether an index leads with the sequence column (each poll is a range read on it). */
  private boolean seqIndexed() {
    String sql =
        "select exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
            + " and a.attnum = i.indkey[0] where i.indrelid = ?::regclass and a.attname = ?)";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, settings.table());
      s.setString(2, settings.seqColumn().toLowerCase(java.util.Locale.ROOT));
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    } catch (SQLException e) {
      return true; // cannot tell (no catalogue access): say nothing
    }
  }

  private static boolean commitTimestampsOn(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select current_setting('track_commit_timestamp')")) {
      return r.next() && "on".equalsIgnoreCase(r.getString(1));
    }
  }

  /** Runs the poll once with {@code limit 0}: a wrong table or column fails here, before load. */
  private void dryRun() {
    try (PreparedStatement s = connection.prepareStatement(pollSql)) {
      bind(s, 0, new long[0], 0);
      s.executeQuery().close();
    } catch (SQLException e) {
      throw new IllegalArgumentException(DryRunError.text(settings, e), e);
    }
  }

  private long highWaterMark() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(settings.highWaterMark())) {
      r.next();
      long max = r.getLong(1);
      if (!r.wasNull()) {
        return max;
      }
    }
    return sequenceLastValue();
  }

  /**
   * An empty table: a value drawn before the first committed row must still be awaited, so start
   * below the sequence's next value when the column has one.
   */
  private long sequenceLastValue() {
    try (PreparedStatement s = connection.prepareStatement(settings.sequenceLastValue())) {
      s.setString(1, settings.table());
      s.setString(2, settings.seqColumn().toLowerCase(java.util.Locale.ROOT));
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          long last = r.getLong(1);
          if (!r.wasNull()) {
            return last;
          }
        }
      }
    } catch (SQLException e) {
      LOG.info(
          "No sequence found behind {}.{} ({}): rows below the first one seen are not awaited",
          settings.table(),
          settings.seqColumn(),
          e.getMessage());
    }
    return SeqGaps.NONE_YET;
  }

  private void bind(PreparedStatement s, long above, long[] holes, int limit) throws SQLException {
    Long[] boxed = new Long[holes.length];
    for (int i = 0; i < holes.length; i++) {
      boxed[i] = holes[i];
    }
    Array array = connection.createArrayOf("bigint", boxed);
    s.setLong(1, above);
    s.setInt(2, limit);
    s.setArray(3, array);
    s.setInt(4, limit);
  }

  private void pollLoop() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
    int failuresInARow = 0;
    try {
      while (running) {
        int read;
        try {
          read = pollOnce();
          polls.incrementAndGet();
          if (failuresInARow > 0) {
            LOG.info("Completion by database rows polls again after {} failures", failuresInARow);
          }
          failuresInARow = 0;
        } catch (SQLException | RuntimeException e) {
          failedPolls.incrementAndGet();
          closeConnection(); // a broken connection is replaced on the next poll
          if (++failuresInARow == 1) {
            LOG.warn("Polling {} failed ({}); retrying", settings.table(), e.toString());
          }
          if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
            gaveUp = true;
            LOG.error(
                "Completion by database rows stopped after {} failed polls in a row: the"
                    + " messages still awaited will time out",
                failuresInARow);
            return;
          }
          read = 0;
        }
        if (cpuTime) {
          cpuNanos = threads.getCurrentThreadCpuTime();
        }
        if (read >= settings.batchLimit() && failuresInARow == 0) {
          continue; // behind: read the next batch at once
        }
        long sleep =
            failuresInARow == 0
                ? pollInterval.toMillis()
                : Math.min(MAX_BACKOFF_MS, pollInterval.toMillis() << Math.min(6, failuresInARow));
        TimeUnit.MILLISECONDS.sleep(sleep);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (cpuTime) {
        cpuNanos = threads.getCurrentThreadCpuTime();
      }
      closeConnection();
    }
  }

  /** One poll: hands every new row to the sink; returns the rows read. */
  private int pollOnce() throws SQLException {
    if (connection == null) {
      connection = login.connect();
    }
    int read = 0;
    try (PreparedStatement s = connection.prepareStatement(pollSql)) {
      bind(s, gaps.highWater(), gaps.open(), settings.batchLimit());
      try (ResultSet r = s.executeQuery()) {
        long seen = EpochNanos.now();
        Instant seenWall = Instant.now();
        long seenWallMicros = seenWall.getEpochSecond() * 1_000_000 + seenWall.getNano() / 1_000;
        long now = System.nanoTime();
        while (r.next()) {
          read++;
          String id = r.getString(1);
          long seq = r.getLong(2);
          long committedMicros = r.getLong(3);
          boolean noCommitTime = r.wasNull();
          if (!gaps.seen(seq, now)) {
            continue; // read already (cannot happen with this query, but never twice)
          }
          rows.incrementAndGet();
          if (noCommitTime) {
            lagUnavailable.incrementAndGet();
          } else {
            lagMicros.recordValue(
                Math.max(0, Math.min(MAX_LAG_MICROS, seenWallMicros - committedMicros)));
          }
          if (id != null) {
            handOver(id, seen);
          }
        }
      }
    }
    gaps.expire(System.nanoTime());
    gapsFilled = gaps.filled();
    gapsExpired = gaps.expired();
    return read;
  }

  private void handOver(String id, long seen) {
    try {
      sink.onOutcome(new Outcome(id, Outcome.PROCESSED, null, null), seen);
    } catch (RuntimeException failure) {
      LOG.warn("The tracker failed on message {}: {}", id, failure.toString());
    }
  }

  private void closeConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("Closing the completion connection: {}", e.toString());
      }
    }
  }

  private static String sqlText(SQLException e) {
    return "SQLSTATE " + e.getSQLState() + ": " + e.getMessage();
  }

  /** Forgets the lag figures so far: the load proper starts (a warm-up's stalls do not count). */
  public void resetStatistics() {
    lagMicros.reset();
  }

  /** Seen minus commit time of each row read, in microseconds (a copy). */
  public Histogram lagMicros() {
    return lagMicros.copy();
  }

  /** Rows read (each handed to the tracker, which ignores ids the run never sent). */
  public long rowsSeen() {
    return rows.get();
  }

  public long polls() {
    return polls.get();
  }

  public long failedPolls() {
    return failedPolls.get();
  }

  /** CPU time of the polling thread so far. */
  public Duration cpuTime() {
    return Duration.ofNanos(Math.max(0, cpuNanos));
  }

  public boolean commitTimestamps() {
    return commitTimestamps;
  }

  public boolean gaveUp() {
    return gaveUp;
  }

  /** For summary.json's completion section. */
  public Map<String, Object> statistics() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rowsSeen", rows.get());
    m.put("polls", polls.get());
    m.put("failedPolls", failedPolls.get());
    m.put("gaveUp", gaveUp);
    m.put("gapsFilled", gapsFilled);
    m.put("gapsGivenUp", gapsExpired);
    m.put("detectorCpuMs", cpuTime().toNanos() / 1e6);
    Map<String, Object> lag = new LinkedHashMap<>();
    Histogram h = lagMicros();
    lag.put("available", commitTimestamps);
    lag.put("count", h.getTotalCount());
    if (commitTimestamps && h.getTotalCount() > 0) {
      lag.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
      lag.put("p95Ms", h.getValueAtPercentile(95) / 1000.0);
      lag.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
      lag.put("maxMs", h.getMaxValue() / 1000.0);
    }
    lag.put("rowsWithoutCommitTime", lagUnavailable.get());
    m.put("detectorLag", lag);
    return m;
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    try {
      poller.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
