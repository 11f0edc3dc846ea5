package io.pipelineperf.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The search for the highest rate that holds, robust to a noisy step.
 *
 * <p>Step up through the rates. A rate is judged on a majority vote of its runs: it is run once (or
 * {@code repeats} times with {@code repeatEveryStep}); a run that does not hold is repeated, up to
 * {@link Options#votes()} runs (the repeats rounded up to an odd number, so there is no tie), until
 * one side has the majority. A single noisy failure below the true ceiling is outvoted and does not
 * lower it; a real ceiling fails every repeat and costs at most a majority of runs. By default
 * stepping stops at the first rate the majority failed; then, with {@code bisectSteps}, the gap
 * between the last rate held and the first rate failed is bisected, each midpoint judged the same
 * way. The ceiling is the highest rate held below the lowest rate failed.
 *
 * <p>A rate's verdict is the strict majority of the runs it got ({@link #holds(int, int)}), the
 * same rule the report applies to the recorded runs.
 */
public final class CeilingSearch {

  /** Bisection midpoints are rounded to this many msg/s. */
  public static final double GRANULARITY = 10;

  /**
   * @param repeats the runs a failing rate gets at most (rounded up to an odd number)
   * @param repeatEveryStep every rate is run {@code repeats} times, also when its first run holds
   * @param bisectSteps bisections between the last rate held and the first rate failed
   * @param stopAtCeiling stop stepping at the first rate the majority failed
   * @param granularity the msg/s a bisection midpoint is rounded to
   */
  public record Options(
      int repeats,
      boolean repeatEveryStep,
      int bisectSteps,
      boolean stopAtCeiling,
      double granularity) {

    public Options {
      if (repeats < 1 || bisectSteps < 0 || granularity <= 0) {
        throw new IllegalArgumentException(
            "repeats >= 1, bisectSteps >= 0, granularity > 0: " + repeats + ", " + bisectSteps);
      }
    }

    /** The most runs a rate gets: the repeats, made odd. */
    public int votes() {
      return repeats % 2 == 0 ? repeats + 1 : repeats;
    }

    /** The runs every rate gets before a clean verdict is accepted. */
    int minimumRuns() {
      return repeatEveryStep ? repeats : 1;
    }
  }

  /** Runs one step at {@code rate} ({@code run} counts from 1) and says whether it held. */
  @FunctionalInterface
  public interface Trial {
    boolean run(double rate, int run) throws InterruptedException;
  }

  /** How a rate was judged: how many runs it got and how many held. */
  public record RateVerdict(double rate, int runs, int held, boolean holds, boolean bisection) {}

  /**
   * @param ceiling the highest rate held below the lowest rate failed; null when the first rate
   *     failed (or there was none)
   * @param firstFailed the lowest rate the majority failed, null when every rate held
   * @param rates every rate judged, in the order they were run
   */
  public record Result(Double ceiling, Double firstFailed, List<RateVerdict> rates) {

    public int runs() {
      return rates.stream().mapToInt(RateVerdict::runs).sum();
    }
  }

  private CeilingSearch() {}

  /** A strict majority of the runs held. */
  public static boolean holds(int runs, int held) {
    return runs > 0 && 2 * held > runs;
  }

  public static Result search(List<? extends Number> rates, Options options, Trial trial)
      throws InterruptedException {
    List<RateVerdict> judged = new ArrayList<>();
    Double lastHeld = null;
    Double firstFailed = null;
    for (Number n : rates) {
      double rate = n.doubleValue();
      RateVerdict v = judge(rate, options, trial, false);
      judged.add(v);
      if (v.holds()) {
        if (firstFailed == null) {
          lastHeld = rate;
        }
      } else {
        if (firstFailed == null) {
          firstFailed = rate;
        }
        if (options.stopAtCeiling()) {
          break;
        }
      }
    }
    if (lastHeld != null && firstFailed != null) {
      double lo = lastHeld;
      double hi = firstFailed;
      for (int i = 0; i < options.bisectSteps(); i++) {
        double mid = Math.round((lo + hi) / 2 / options.granularity()) * options.granularity();
        if (mid <= lo || mid >= hi) {
          break;
        }
        RateVerdict v = judge(mid, options, trial, true);
        judged.add(v);
        if (v.holds()) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      lastHeld = lo;
      firstFailed = hi;
    }
    return new Result(lastHeld, firstFailed, List.copyOf(judged));
  }

  /** Runs the rate until the vote is decided (see the class comment). */
  static RateVerdict judge(double rate, Options options, Trial trial, boolean bisection)
      throws InterruptedException {
    int votes = options.votes();
    int needed = votes / 2 + 1;
    int runs = 0;
    int held = 0;
    while (runs < votes) {
      runs++;
      if (trial.run(rate, runs)) {
        held++;
      }
      int failed = runs - held;
      if (failed >= needed) {
        break; // the majority failed: more runs cannot change the verdict
      }
      if (runs >= options.minimumRuns() && (failed == 0 || held >= needed)) {
        break; // clean, or the majority held
      }
    }
    return new RateVerdict(rate, runs, held, holds(runs, held), bisection);
  }
}
