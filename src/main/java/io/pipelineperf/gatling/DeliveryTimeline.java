package io.pipelineperf.gatling;

import io.pipelineperf.verify.InFlightSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * When things happened to the run's messages, for the fault analysis: every first acknowledgement
 * and first outcome (the "acknowledged but not yet processed" series), and the due time of every
 * measured-phase error (a failed send or an e2e timeout), so that an error lands in the window that
 * caused it rather than when its timeout fired.
 */
public final class DeliveryTimeline {

  /** At most this many error times are kept (8 bytes each); more are counted, not stamped. */
  static final int MAX_ERROR_TIMES = 2_000_000;

  private final InFlightSeries inFlight = new InFlightSeries();
  private final ConcurrentLinkedQueue<Long> errorTimes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger stamped = new AtomicInteger();
  private final LongAdder unstamped = new LongAdder();

  void acked(long epochMs) {
    inFlight.acked(epochMs);
  }

  void completed(long epochMs) {
    inFlight.completed(epochMs);
  }

  void error(Slot slot) {
    if (slot.phase() != Phase.MEASURED) {
      return;
    }
    if (stamped.incrementAndGet() <= MAX_ERROR_TIMES) {
      errorTimes.add(EpochNanos.toMillis(slot.intendedEpochNanos()));
    } else {
      unstamped.increment();
    }
  }

  public InFlightSeries inFlight() {
    return inFlight;
  }

  /** Due times (epoch ms) of the measured-phase errors, in no particular order. */
  public List<Long> errorTimes() {
    return new ArrayList<>(errorTimes);
  }

  /** Errors beyond {@link #MAX_ERROR_TIMES}, counted but without a time. */
  public long unstampedErrors() {
    return unstamped.sum();
  }
}
