package io.pipelineperf.bench;

/**
 * Why a step ran: to find the ceiling (stepping and bisection) or to draw the latency curve below
 * it. Only the search's steps decide a ceiling.
 */
public enum StepPhase {
  SEARCH,
  CURVE
}
