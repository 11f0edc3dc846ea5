package io.pipelineperf.gatling;

import io.pipelineperf.analysis.NumberProperties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planted defect of the load generator, off by default: {@code -Dinjector.defect=slow-sender}
 * makes the sender thread sleep {@code -Dinjector.stallMs=} (60) before every {@code
 * -Dinjector.stallEvery=}-th (100) message, so messages queue in front of the producer and go out
 * late. It exists to prove that such a run is judged INVALID (the load generator fell behind),
 * never PASS or FAIL.
 */
final class SenderStall {

  private static final Logger LOG = LoggerFactory.getLogger(SenderStall.class);
  private static final SenderStall NONE = new SenderStall(0, 0);

  private final long every;
  private final long stallMillis;
  private final AtomicLong sends = new AtomicLong();

  private SenderStall(long every, long stallMillis) {
    this.every = every;
    this.stallMillis = stallMillis;
  }

  static SenderStall fromSystemProperties() {
    if (!InjectorDefects.fromSystemProperties().contains(InjectorDefects.SLOW_SENDER)) {
      return NONE;
    }
    long every = Math.max(1, Math.round(NumberProperties.positive("injector.stallEvery", 100)));
    long millis = Math.max(1, Math.round(NumberProperties.positive("injector.stallMs", 60)));
    LOG.warn(
        "PLANTED INJECTOR DEFECT {}: the sender sleeps {} ms before every {}th message",
        InjectorDefects.SLOW_SENDER,
        millis,
        every);
    return new SenderStall(every, millis);
  }

  void beforeSend() {
    if (every > 0 && sends.incrementAndGet() % every == 0) {
      try {
        TimeUnit.MILLISECONDS.sleep(stallMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
