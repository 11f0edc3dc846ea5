package io.pipelineperf.gatling;

/**
 * One open-model injection step: the arrival rate goes linearly from {@code startRate} to {@code
 * endRate} (users per second) over {@code seconds}. Gatling is handed the duration in whole
 * milliseconds ({@link #millis()}); where it places each user is {@link GatlingPlacement}.
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

  /** The duration handed to Gatling: whole milliseconds. */
  public long millis() {
    return Math.round(seconds * 1000);
  }

  GatlingPlacement placement() {
    return isConstant()
        ? GatlingPlacement.constant(startRate, millis())
        : GatlingPlacement.ramp(startRate, endRate, millis());
  }
}
