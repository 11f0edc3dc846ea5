package io.pipelineperf.faults.proxy;

import java.util.List;

/** The toxics of a proxy at one moment; a new version is published on every change. */
record ToxicSnapshot(long version, List<Toxic> toxics) {
  static final ToxicSnapshot EMPTY = new ToxicSnapshot(0, List.of());

  boolean isDown() {
    return toxics.stream().anyMatch(t -> t instanceof Toxic.Down);
  }

  ToxicSnapshot with(List<Toxic> newToxics) {
    return new ToxicSnapshot(version + 1, List.copyOf(newToxics));
  }
}
