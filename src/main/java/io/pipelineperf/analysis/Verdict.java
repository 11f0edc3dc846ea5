package io.pipelineperf.analysis;

import java.util.List;

/**
 * The outcome of a run. INVALID beats FAIL beats PASS: a run whose measurement cannot be trusted
 * (the load generator fell behind) says nothing about the system under test, whether its checks
 * passed or not.
 */
public enum Verdict {
  PASS,
  FAIL,
  INVALID;

  public static Verdict of(List<AssertionResult> results) {
    boolean failed = false;
    for (AssertionResult r : results) {
      if (!r.passed()) {
        if (r.isValidity()) {
          return INVALID;
        }
        failed = true;
      }
    }
    return failed ? FAIL : PASS;
  }
}
