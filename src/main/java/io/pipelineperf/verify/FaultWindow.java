package io.pipelineperf.verify;

/**
 * When a fault was injected and when it was healed, epoch milliseconds; the window is inclusive.
 */
public record FaultWindow(long injectedAt, long healedAt) {

  public FaultWindow {
    if (healedAt < injectedAt) {
      throw new IllegalArgumentException(
          "fault healed (" + healedAt + ") before it was injected (" + injectedAt + ")");
    }
  }

  public boolean contains(long t) {
    return t >= injectedAt && t <= healedAt;
  }
}
