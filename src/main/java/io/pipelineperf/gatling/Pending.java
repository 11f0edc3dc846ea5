package io.pipelineperf.gatling;

import java.util.List;

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
  private Runnable waiter;
  private boolean done;

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

  /** Runs the resumption now if already complete, else when it completes. */
  void await(Runnable resume) {
    synchronized (this) {
      if (!done) {
        waiter = resume;
        return;
      }
    }
    resume.run();
  }

  synchronized boolean isDone() {
    return done;
  }

  /** Returns false when it had already completed. */
  boolean complete() {
    Runnable resume;
    synchronized (this) {
      if (done) {
        return false;
      }
      done = true;
      resume = waiter;
      waiter = null;
    }
    if (resume != null) {
      resume.run();
    }
    return true;
  }
}
