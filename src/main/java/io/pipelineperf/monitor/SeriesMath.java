package io.pipelineperf.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Small statistics over samples; every result is null when the key was never sampled. */
final class SeriesMath {

  private SeriesMath() {}

  static Double max(List<Sample> samples, String key) {
    Double best = null;
    for (Sample s : samples) {
      Double v = s.get(key);
      if (v != null && (best == null || v > best)) {
        best = v;
      }
    }
    return best;
  }

  static Double mean(List<Sample> samples, String key) {
    double sum = 0;
    int n = 0;
    for (Sample s : samples) {
      Double v = s.get(key);
      if (v != null) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  static Double last(List<Sample> samples, String key) {
    for (int i = samples.size() - 1; i >= 0; i--) {
      Double v = samples.get(i).get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * How much a cumulative counter grew, like Prometheus increase(): a drop means the process
   * restarted and its counter began again at zero.
   */
  static Double increase(List<Sample> samples, String key) {
    Double previous = null;
    double total = 0;
    for (Sample s : samples) {
      Double v = s.get(key);
      if (v == null) {
        continue;
      }
      if (previous != null) {
        total += v >= previous ? v - previous : v;
      }
      previous = v;
    }
    return previous == null ? null : total;
  }

  /** Largest ratio a/b*100 over samples holding both, b > 0. */
  static Double maxRatioPct(List<Sample> samples, String a, String b) {
    Double best = null;
    for (Sample s : samples) {
      Double x = s.get(a);
      Double y = s.get(b);
      if (x != null && y != null && y > 0) {
        double pct = 100 * x / y;
        best = best == null ? pct : Math.max(best, pct);
      }
    }
    return best;
  }

  /** Median gap between consecutive samples, in ms (the effective interval). */
  static double intervalMs(List<Sample> samples) {
    if (samples.size() < 2) {
      return 1000;
    }
    long[] gaps = new long[samples.size() - 1];
    for (int i = 1; i < samples.size(); i++) {
      gaps[i - 1] = samples.get(i).t() - samples.get(i - 1).t();
    }
    Arrays.sort(gaps);
    return Math.max(1, gaps[gaps.length / 2]);
  }

  /**
   * Longest run of consecutive samples in which {@code key} holds and matches, in seconds (run
   * length times the interval). A sample without the key ends a run.
   */
  static Double longestRunSeconds(List<Sample> samples, String key, Predicate<Double> holds) {
    boolean seen = false;
    int best = 0;
    int run = 0;
    for (Sample s : samples) {
      Double v = s.get(key);
      seen |= v != null;
      run = v != null && holds.test(v) ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return seen ? best * intervalMs(samples) / 1000.0 : null;
  }

  static List<Sample> inPhase(List<Sample> samples, String phase) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (phase.equals(s.phase())) {
        out.add(s);
      }
    }
    return out;
  }

  /** Time share (%) a cumulative ms counter grew over the samples' time span. */
  static Double timeSharePct(List<Sample> samples, String cumulativeMsKey) {
    Double grew = increase(samples, cumulativeMsKey);
    if (grew == null || samples.size() < 2) {
      return null;
    }
    long span = samples.get(samples.size() - 1).t() - samples.get(0).t();
    return span <= 0 ? null : 100 * grew / span;
  }

  static Double round(Double v, int decimals) {
    if (v == null) {
      return null;
    }
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  static Long whole(Double v) {
    return v == null ? null : Math.round(v);
  }
}
