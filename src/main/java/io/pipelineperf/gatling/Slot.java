package io.pipelineperf.gatling;

/**
 * When a message was due and where it sits in the profile.
 *
 * @param third 0, 1 or 2 for the thirds of the measured phase (by due time), -1 outside it
 */
public record Slot(long intendedEpochNanos, Phase phase, int third) {}
