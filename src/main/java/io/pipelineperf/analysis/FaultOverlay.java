package io.pipelineperf.analysis;

import java.util.List;

/**
 * What a fault run adds to the resources page: each fault's window, shaded on every chart, and the
 * "acknowledged but not yet processed" count per second, drawn in its own chart.
 */
public record FaultOverlay(List<Window> windows, List<Count> inFlight) {

  /** A fault from its injection to its heal (epoch ms). */
  public record Window(String faultId, long fromMs, long toMs) {}

  /** Messages in flight at {@code t} (epoch ms). */
  public record Count(long t, long value) {}

  public FaultOverlay {
    windows = List.copyOf(windows);
    inFlight = List.copyOf(inFlight);
  }

  public static FaultOverlay none() {
    return new FaultOverlay(List.of(), List.of());
  }
}
