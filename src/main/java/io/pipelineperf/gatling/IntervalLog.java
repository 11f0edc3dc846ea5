package io.pipelineperf.gatling;

import io.pipelineperf.analysis.ThroughputPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes an HdrHistogram interval log (one e2e and one ack histogram per second, tagged) while the
 * run goes. The run folder is only known at the end, so it writes to a temporary file and {@link
 * #moveTo} puts it in place.
 */
final class IntervalLog implements AutoCloseable {

  static final String FILE_NAME = "latency-intervals.hlog";

  private final RunMetrics metrics;
  private final Path file;
  private final PrintStream out;
  private final HistogramLogWriter writer;
  private final ScheduledExecutorService ticker;
  private Histogram e2e;
  private Histogram ack;
  private final List<ThroughputPoint> throughput = new ArrayList<>();
  private boolean closed;

  IntervalLog(RunMetrics metrics) {
    this.metrics = metrics;
    try {
      this.file = Files.createTempFile("pipeline-perf-", ".hlog");
      this.out = new PrintStream(Files.newOutputStream(file), false, "UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the latency interval log", e);
    }
    this.writer = new HistogramLogWriter(out);
    long now = System.currentTimeMillis();
    writer.outputLogFormatVersion();
    writer.outputStartTime(now);
    writer.setBaseTime(now);
    writer.outputComment("e2e and ack latency per interval, microseconds");
    writer.outputLegend();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "latency-interval-log");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::writeInterval, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void writeInterval() {
    if (closed) {
      return;
    }
    e2e = metrics.e2eInterval().getIntervalHistogram(e2e);
    ack = metrics.ackInterval().getIntervalHistogram(ack);
    throughput.add(
        new ThroughputPoint(
            System.currentTimeMillis(),
            e2e.getTotalCount(),
            e2e.getTotalCount() > 0 ? e2e.getValueAtPercentile(95) / 1000.0 : null));
    e2e.setTag("e2e");
    ack.setTag("ack");
    if (e2e.getTotalCount() > 0) {
      writer.outputIntervalHistogram(e2e);
    }
    if (ack.getTotalCount() > 0) {
      writer.outputIntervalHistogram(ack);
    }
    out.flush();
  }

  /** Processed messages and e2e p95 per second of the measured phase, for the resources page. */
  synchronized List<ThroughputPoint> throughput() {
    return List.copyOf(throughput);
  }

  /** Writes the last interval, closes the log and moves it into the folder. */
  synchronized Path moveTo(Path folder) {
    close();
    try {
      Files.createDirectories(folder);
      return Files.move(file, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the interval log into " + folder, e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    ticker.shutdownNow();
    writeInterval();
    closed = true;
    out.close();
  }

  void deleteIfUnmoved() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temp file; nothing else to do
    }
  }
}
