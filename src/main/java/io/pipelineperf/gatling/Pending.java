package io.pipelineperf.gatling;

import java.util.List;
import java.util.function.Consumer;

/**
 * A message whose outcome is awaited. Completes exactly once (outcome, timeout or failed send);
 * whoever waits on it is resumed then. A null scenario marks a message sent outside Gatling (the
 * adaptive warm-up): it is tracked and reconciled but not recorded in Gatling's report.
 */
final class Pending {

  final String id;
  final String baseName;
  final Slot slot;
  final String scenario;
  final List<String> groups;
  private Consumer<Boolean> waiter;
  private boolean done;
  private boolean ok;

  Pending(String id, String baseName, Slot slot, String scenario, List<String> groups) {
    this.id = id;
    this.baseName = baseName;
    this.slot = slot;
    this.scenario = scenario;
    this.groups = groups;
  }

  String requestName(String suffix) {
    return slot.phase().requestName(baseName + suffix);
  }

  /**
   * Runs the resumption now if already complete, else when it completes; it is told whether the
   * message ended well (processed, or an expected dead letter).
   */
  void await(Consumer<Boolean> resume) {
    boolean endedWell;
    synchronized (this) {
      if (!done) {
        waiter = resume;
        return;
      }
      endedWell = ok;
    }
    resume.accept(endedWell);
  }

  synchronized boolean isDone() {
    return done;
  }

  /**
   * Completes it, {@code ok} when the message ended well; returns false when it had already
   * completed.
   */
  boolean complete(boolean ok) {
    Consumer<Boolean> resume;
    synchronized (this) {
      if (done) {
        return false;
      }
      done = true;
      this.ok = ok;
      resume = waiter;
      waiter = null;
    }
    if (resume != null) {
      resume.accept(ok);
    }
    return true;
  }
}
