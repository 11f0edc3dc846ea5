package io.pipelineperf.gatling;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the whole pipeline up at the target rate until its end-to-end latency has settled, before
 * Gatling's injection starts: four JVMs compiling their hot paths on two cores take tens of
 * seconds, and a fixed warm-up either wastes time or lets JIT noise into the verdict.
 *
 * <p>Messages go out open-loop at the rate (each due at {@code start + i / rate}), through the
 * run's producer, tracker and ledger (so they are reconciled like any other) but not recorded in
 * Gatling's report. Once a second the e2e p95 of the warm-up outcomes seen in that second is taken.
 * The warm-up has converged when each of the last {@code window} seconds had enough outcomes and
 * their p95s lie within {@code max <= tolerance * min + slackMs} (the latency stopped falling: JIT
 * done) and the later half of the window is not above the earlier half by more than 10 % plus
 * {@code slackMs} either way (not climbing: no backlog building; not still falling), and the load
 * generator's own JIT compilers spent at most {@value #MAX_JIT_MILLIS_PER_SECOND} ms in the last
 * second. It lasts at least {@code minSeconds} and at most {@code maxSeconds}; not converging by
 * then is reported, and the run goes on.
 */
public final class AdaptiveWarmup {

  private static final Logger LOG = LoggerFactory.getLogger(AdaptiveWarmup.class);

  /** The load generator's own JIT is done when it compiles less than this per second. */
  static final long MAX_JIT_MILLIS_PER_SECOND = 50;

  /** Where warm-up messages come from: the same shape as the load's. */
  public interface MessageSource {
    Outgoing next();
  }

  /** One warm-up message and its id. */
  public record Outgoing(String id, ProducerRecord<String, byte[]> record) {}

  /**
   * When the warm-up ends.
   *
   * @param minSamples outcomes a second needs to count towards the window
   */
  public record Settings(
      double minSeconds,
      double maxSeconds,
      int window,
      double tolerance,
      double slackMs,
      int minSamples) {

    public static Settings defaults() {
      return new Settings(40, 60, 5, 1.5, 5, 20);
    }

    public Settings {
      if (minSeconds < 0 || maxSeconds < minSeconds || window < 2 || tolerance < 1) {
        throw new IllegalArgumentException("Bad adaptive warm-up settings: " + this);
      }
    }
  }

  /** What the warm-up did: its length, whether it converged, and its per-second e2e p95s. */
  public record Result(
      String mode, double seconds, boolean converged, long messages, List<Double> p95PerSecondMs) {

    public static Result fixed(double seconds) {
      return new Result("fixed", seconds, false, 0, List.of());
    }
  }

  private AdaptiveWarmup() {}

  public static Result run(
      KafkaRuntime runtime, double rate, Settings settings, MessageSource source) {
    Convergence convergence = new Convergence(settings);
    long intervalNanos = Math.max(1, Math.round(1e9 / rate));
    long start = EpochNanos.now();
    long maxNanos = Math.round(settings.maxSeconds() * 1e9);
    long minNanos = Math.round(settings.minSeconds() * 1e9);
    long nextCheck = start + 1_000_000_000L;
    runtime.metrics().warmupE2eInterval().reset();
    Histogram second = null;
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long compiledBefore = jit.getTotalCompilationTime();
    long sent = 0;
    boolean converged = false;
    while (true) {
      long now = EpochNanos.now();
      if (now >= nextCheck) {
        second = runtime.metrics().warmupE2eInterval().getIntervalHistogram(second);
        long compiled = jit.getTotalCompilationTime();
        boolean jitQuiet = compiled - compiledBefore <= MAX_JIT_MILLIS_PER_SECOND;
        compiledBefore = compiled;
        converged = convergence.add(second) && jitQuiet;
        nextCheck += 1_000_000_000L;
        if (nextCheck <= now) {
          nextCheck = now + 1_000_000_000L; // this thread was held up: the next second starts now
        }
        long elapsed = now - start;
        if ((converged && elapsed >= minNanos) || elapsed >= maxNanos) {
          break;
        }
        continue;
      }
      long due = start + sent * intervalNanos;
      if (due > now) {
        parkUntil(Math.min(due, nextCheck));
        continue;
      }
      send(runtime, source, due); // open loop: a late sender catches up, it never skips
      sent++;
    }
    double seconds = (EpochNanos.now() - start) / 1e9;
    Result result =
        new Result("auto", round(seconds), converged, sent, convergence.p95PerSecondMs());
    LOG.info(
        "Warm-up {} after {} s ({} messages at {} msg/s); e2e p95 per second (ms): {}",
        converged ? "converged" : "did NOT converge",
        result.seconds(),
        sent,
        rate,
        result.p95PerSecondMs());
    return result;
  }

  private static void send(KafkaRuntime runtime, MessageSource source, long due) {
    Outgoing message = source.next();
    String id = message.id();
    Slot slot = new Slot(due, Phase.WARMUP, -1);
    OutcomeTracker tracker = runtime.tracker();
    if (!tracker.register(new Pending(id, "warmup send", slot, null, List.of()))) {
      return;
    }
    try {
      runtime
          .producer()
          .send(
              message.record(),
              (metadata, failure) -> {
                if (failure == null) {
                  tracker.acked(
                      id,
                      slot,
                      EpochNanos.now() - due,
                      metadata.topic(),
                      metadata.partition(),
                      metadata.offset());
                } else {
                  tracker.sendFailed(id, slot);
                }
              });
    } catch (RuntimeException e) {
      tracker.sendFailed(id, slot);
    }
  }

  private static void parkUntil(long epochNanos) {
    long wait;
    while ((wait = epochNanos - EpochNanos.now()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** The convergence rule over per-second histograms; pure, so it is tested without a pipeline. */
  static final class Convergence {
    /** The halves of the window may differ this much: noise, not a trend (up or down). */
    private static final double TREND_TOLERANCE = 1.1;

    private final Settings settings;
    private final List<Double> p95s = new ArrayList<>();
    private int countedInARow;

    Convergence(Settings settings) {
      this.settings = settings;
    }

    /** Adds one second's e2e histogram (µs); returns whether the warm-up has converged. */
    boolean add(Histogram second) {
      if (second.getTotalCount() < settings.minSamples()) {
        p95s.add(null);
        countedInARow = 0;
        return false;
      }
      p95s.add(second.getValueAtPercentile(95) / 1000.0);
      countedInARow++;
      if (countedInARow < settings.window()) {
        return false;
      }
      List<Double> window = p95s.subList(p95s.size() - settings.window(), p95s.size());
      double min = Double.MAX_VALUE;
      double max = 0;
      for (Double p95 : window) {
        min = Math.min(min, p95);
        max = Math.max(max, p95);
      }
      int half = window.size() / 2;
      double early = mean(window.subList(0, half));
      double late = mean(window.subList(window.size() - half, window.size()));
      boolean settled = max <= settings.tolerance() * min + settings.slackMs();
      boolean flat =
          late <= early * TREND_TOLERANCE + settings.slackMs()
              && early <= late * TREND_TOLERANCE + settings.slackMs();
      return settled && flat;
    }

    private static double mean(List<Double> values) {
      double sum = 0;
      for (Double v : values) {
        sum += v;
      }
      return sum / values.size();
    }

    List<Double> p95PerSecondMs() {
      List<Double> rounded = new ArrayList<>();
      for (Double p95 : p95s) {
        rounded.add(p95 == null ? null : Math.round(p95 * 10) / 10.0);
      }
      return rounded;
    }
  }
}
