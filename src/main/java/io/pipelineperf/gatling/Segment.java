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

  /** Seconds after the segment start at which the n-th (0-based, fractional) user is due. */
  public double offsetOf(double n) {
    double slope = (endRate - startRate) / seconds;
    if (Math.abs(slope) < 1e-12) {
      return startRate == 0 ? seconds : n / startRate;
    }
    // n = startRate * t + slope * t^2 / 2, solved for t >= 0
    double t = (-startRate + Math.sqrt(startRate * startRate + 2 * slope * n)) / slope;
    return Math.min(Math.max(t, 0), seconds);
  }
}
