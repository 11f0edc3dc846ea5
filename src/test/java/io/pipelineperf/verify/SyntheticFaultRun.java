package io.pipelineperf.verify;

import io.pipelineperf.analysis.ThroughputPoint;
import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * Per-second series of a made-up 60 s fault run: second {@code i} is [T0 + i s, T0 + (i+1) s); its
 * throughput point is stamped at the second's end, its lag sample half-way through it.
 */
final class SyntheticFaultRun {

  static final long T0 = 1_795_000_000_000L;
  static final int SECONDS = 60;
  static final int INJECT_SECOND = 20;
  static final int HEAL_SECOND = 30;
  static final FaultWindow WINDOW = new FaultWindow(at(INJECT_SECOND), at(HEAL_SECOND));

  private SyntheticFaultRun() {}

  static long at(double second) {
    return T0 + Math.round(second * 1000);
  }

  static List<ThroughputPoint> throughput(IntToDoubleFunction rate, Set<Integer> missing) {
    List<ThroughputPoint> points = new ArrayList<>();
    for (int i = 0; i < SECONDS; i++) {
      if (!missing.contains(i)) {
        points.add(new ThroughputPoint(at(i + 1), rate.applyAsDouble(i), 5.0));
      }
    }
    return points;
  }

  static List<Sample> lag(IntToDoubleFunction lag, Set<Integer> missing) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < SECONDS; i++) {
      Map<String, Double> values =
          missing.contains(i)
              ? Map.of("svc.cpu.pct", 10.0)
              : Map.of("lag.total", lag.applyAsDouble(i), "svc.cpu.pct", 10.0);
      samples.add(new Sample(at(i + 0.5), "measured", values));
    }
    return samples;
  }

  /** 1000 msg/s, lag 100; nothing processed during the fault, a backlog drained after it. */
  static double dipRate(int second) {
    if (second >= INJECT_SECOND && second < HEAL_SECOND) {
      return 0;
    }
    if (second >= HEAL_SECOND && second < HEAL_SECOND + 4) {
      return 3000;
    }
    return 1000;
  }

  static double dipLag(int second) {
    if (second < INJECT_SECOND) {
      return 100;
    }
    if (second < HEAL_SECOND) {
      return 100 + 1000 * (second - INJECT_SECOND + 1);
    }
    return switch (second - HEAL_SECOND) {
      case 0 -> 9000;
      case 1 -> 5000;
      case 2 -> 600; // exactly at the limit: 100 + 0.5 s x 1000 msg/s
      default -> 100;
    };
  }
}
