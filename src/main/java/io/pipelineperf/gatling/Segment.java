package io.pipelineperf.gatling;

/**
 * One open-model injection step: the arrival rate goes linearly from {@code startRate} to {@code
 * endRate} (users per second) over {@code seconds}.
 */
public record Segment(Phase phase, double startRate, double endRate, double seconds) {

  public Segment {
    if (startRate < 0 || endRate < 0 || seconds <= 0) {
      throw new IllegalArgumentException("Segment needs rates >= 0 and seconds > 0: " + this);
    }
  }

  public static Segment constant(Phase phase, double rate, double seconds) {
    return new Segment(phase, rate, rate, seconds);
  }

  public boolean isConstant() {
    return startRate == endRate;
  }

  /** Users arriving in this segment (may be fractional; Gatling rounds per step). */
  public double users() {
    return (startRate + endRate) / 2 * seconds;
  }

  /**
   * Seconds after the segment start at which the n-th (0-based, fractional) user is due. A ramp is
   * placed the way Gatling injects it (RampRateOpenInjection): one constant rate per whole second,
   * {@code startRate + slope * (s + 1/2)} users in second {@code s}, the fractions carried to the
   * next second. A smooth model would put early ramp users later than Gatling does, and since due
   * times are anchored on the earliest user, every later message would look that much late.
   */
  public double offsetOf(double n) {
    if (isConstant()) {
      return startRate == 0 ? seconds : Math.min(n / startRate, seconds);
    }
    double halfSlope = (endRate - startRate) / (2 * seconds);
    double carried = 0;
    double before = 0;
    for (int second = 0; second < (int) seconds; second++) {
      double exact = halfSlope * (2 * second + 1) + startRate + carried;
      long users = (long) Math.floor(exact + 1e-9);
      carried = exact - users;
      if (users > 0 && n < before + users) {
        return second + (n - before) / users;
      }
      before += users;
    }
    return seconds;
  }
}
