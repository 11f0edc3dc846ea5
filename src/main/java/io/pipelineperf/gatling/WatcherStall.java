package io.pipelineperf.gatling;

import io.pipelineperf.analysis.NumberProperties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planted defect of the load generator, off by default: {@code -Dinjector.defect=slow-watcher}
 * makes the outcome watcher spend {@code -Dinjector.watcherStallMs=} (5) ms on every outcome it
 * hands over, so it can take at most 200 outcomes a second and falls behind the outcomes topic at
 * any higher rate. It exists to prove that such a run is judged INVALID (the watcher, not the
 * service, was slow), never PASS or FAIL.
 */
final class WatcherStall {

  private static final Logger LOG = LoggerFactory.getLogger(WatcherStall.class);

  private WatcherStall() {}

  /** The sink itself, or the sink behind the planted stall when the defect is on. */
  static OutcomeWatcher.Sink wrap(OutcomeWatcher.Sink sink) {
    if (!InjectorDefects.fromSystemProperties().contains(InjectorDefects.SLOW_WATCHER)) {
      return sink;
    }
    long millis = Math.max(1, Math.round(NumberProperties.positive("injector.watcherStallMs", 5)));
    LOG.warn(
        "PLANTED INJECTOR DEFECT {}: the outcome watcher sleeps {} ms on every outcome",
        InjectorDefects.SLOW_WATCHER,
        millis);
    return (outcome, seenEpochNanos) -> {
      try {
        TimeUnit.MILLISECONDS.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sink.onOutcome(outcome, seenEpochNanos);
    };
  }
}
