package io.pipelineperf.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A sampled series as a step function over time: each sample's value holds over one span, and where
 * samples are missing (a gap longer than {@code gapFactor} times the usual spacing) the value is
 * unknown. The usual spacing is the median distance between samples (1 s with fewer than two).
 */
final class StepSeries {

  /** A value holding over [from, to). */
  record Step(long from, long to, double value) {}

  static final long DEFAULT_SPACING_MS = 1000;

  private final List<Step> steps;
  private final long[] froms;

  private StepSeries(List<Step> steps) {
    this.steps = List.copyOf(steps);
    this.froms = steps.stream().mapToLong(Step::from).toArray();
  }

  /**
   * Samples that each describe the interval ending at their time (a per-second count taken at the
   * end of the second): a sample covers the time since the previous one, or one usual spacing after
   * a gap.
   */
  static StepSeries endingAt(TreeMap<Long, Double> samples, double gapFactor) {
    long spacing = spacing(samples);
    long maxGap = Math.round(gapFactor * spacing);
    List<Step> steps = new ArrayList<>();
    Long previous = null;
    for (var e : samples.entrySet()) {
      long t = e.getKey();
      long from = previous != null && t - previous <= maxGap ? previous : t - spacing;
      steps.add(new Step(from, t, e.getValue()));
      previous = t;
    }
    return new StepSeries(steps);
  }

  /**
   * Instantaneous samples (a gauge read at its time): a sample holds until the next one, or for one
   * usual spacing when the next is missing.
   */
  static StepSeries startingAt(TreeMap<Long, Double> samples, double gapFactor) {
    long spacing = spacing(samples);
    long maxGap = Math.round(gapFactor * spacing);
    List<Step> steps = new ArrayList<>();
    Long[] times = samples.keySet().toArray(new Long[0]);
    for (int i = 0; i < times.length; i++) {
      long t = times[i];
      long next = i + 1 < times.length ? times[i + 1] : Long.MAX_VALUE;
      long to = next - t <= maxGap ? next : t + spacing;
      steps.add(new Step(t, to, samples.get(t)));
    }
    return new StepSeries(steps);
  }

  List<Step> steps() {
    return steps;
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The value holding at {@code t}, or null when no sample covers it. */
  Double valueAt(long t) {
    int i = Arrays.binarySearch(froms, t);
    if (i < 0) {
      i = -i - 2;
    }
    // steps do not overlap; with equal froms (none, keys are unique) the last one wins
    if (i < 0) {
      return null;
    }
    Step step = steps.get(i);
    return t < step.to() ? step.value() : null;
  }

  private static long spacing(TreeMap<Long, Double> samples) {
    if (samples.size() < 2) {
      return DEFAULT_SPACING_MS;
    }
    long[] diffs = new long[samples.size() - 1];
    Long previous = null;
    int n = 0;
    for (long t : samples.keySet()) {
      if (previous != null) {
        diffs[n++] = t - previous;
      }
      previous = t;
    }
    Arrays.sort(diffs);
    return Math.max(1, diffs[diffs.length / 2]);
  }
}
