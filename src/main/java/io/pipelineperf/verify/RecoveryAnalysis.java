package io.pipelineperf.verify;

import io.pipelineperf.analysis.ThroughputPoint;
import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Measures how a pipeline met one fault, from the run's own series (epoch milliseconds).
 *
 * <p><b>Series.</b> A throughput point at {@code t} is the processed rate of the tick ending at
 * {@code t}: it holds over the time since the previous point. A {@code lag.total} sample holds from
 * its time until the next sample. Where samples are missing for longer than {@link
 * Settings#gapFactor} times their usual (median) spacing, the value is <em>unknown</em> over the
 * gap: unknown is never taken as healthy or as a dip. Points with the same time: the last wins.
 *
 * <p><b>Baselines.</b> {@code baselineRate} is the median of the throughput points with {@code
 * injectedAt - baselineWindow < t <= injectedAt} (ticks that ended before the fault), at most the
 * offered rate when that is known (a median above it was a catch-up, not a steady state). {@code
 * baselineLag} is the median of the lag samples with {@code injectedAt - baselineWindow <= t <
 * injectedAt}. Either is null when no sample falls in that window. The lag must get back under
 * {@code lagLimit = baselineLag + max(lagToleranceMin, lagToleranceSeconds * baselineRate)}, i.e.
 * within a fraction of a second's traffic of where it was (a batch-consuming service's lag is never
 * exactly its median).
 *
 * <p><b>Detection.</b> The earliest of: the first error stamped in [injectedAt, healedAt]; the
 * first readiness-down event in that window; the end {@code t} of the first throughput tick
 * overlapping the window whose rate is below {@code throughputRatio * baselineRate}. {@code
 * detectSeconds} is that time minus {@code injectedAt}, in seconds; null if none happened (signals
 * after the heal are not detection). {@code detectedBy} names the signal.
 *
 * <p><b>Recovery.</b> The pipeline is healthy at an instant when the throughput holding then is at
 * least {@code throughputRatio * baselineRate} and the lag holding then is at most {@code lagLimit}
 * (both known). {@code recoverySeconds} is {@code T - healedAt} for the earliest {@code T >=
 * healedAt} from which it stays healthy without a break for {@code consecutiveSeconds}; if it was
 * already healthy at the heal (and stays so) that is 0. Null when no such stretch lies within the
 * data, or when there is no throughput baseline. Without any lag sample (or no lag baseline)
 * recovery is judged on throughput alone and a note says so.
 *
 * <p><b>Errors.</b> An error counts as inside when stamped in [injectedAt, healedAt + errorGrace],
 * else outside. {@code outsideErrorRatePct = 100 * errorsOutside / (processedOutside +
 * errorsOutside)}, where {@code processedOutside} is the sum of rate x tick length over throughput
 * ticks whose end lies outside that window (ticks after a gap count one usual spacing); null when
 * that denominator is 0.
 */
public final class RecoveryAnalysis {

  public static final String LAG_KEY = "lag.total";

  /**
   * @param baselineWindowMs how far before the injection baselines are taken (default 10 s)
   * @param throughputRatio fraction of the baseline rate that counts as back (default 0.9)
   * @param consecutiveSeconds how long health must hold to count as recovered (default 3)
   * @param lagToleranceSeconds lag tolerance as seconds of baseline traffic (default 0.5)
   * @param lagToleranceMin smallest lag tolerance in messages (default 10)
   * @param gapFactor a spacing this many times the usual one is a gap (default 2.5)
   * @param errorGraceMs how long after the heal errors still count as inside (default 0)
   */
  public record Settings(
      long baselineWindowMs,
      double throughputRatio,
      int consecutiveSeconds,
      double lagToleranceSeconds,
      double lagToleranceMin,
      double gapFactor,
      long errorGraceMs) {

    public Settings {
      require(baselineWindowMs > 0, "baselineWindowMs must be > 0, was " + baselineWindowMs);
      require(
          throughputRatio > 0 && throughputRatio <= 1,
          "throughputRatio must be in (0, 1], was " + throughputRatio);
      require(
          consecutiveSeconds >= 1, "consecutiveSeconds must be >= 1, was " + consecutiveSeconds);
      require(lagToleranceSeconds >= 0, "lagToleranceSeconds must be >= 0");
      require(lagToleranceMin >= 0, "lagToleranceMin must be >= 0");
      require(gapFactor > 1, "gapFactor must be > 1, was " + gapFactor);
      require(errorGraceMs >= 0, "errorGraceMs must be >= 0");
    }

    public static Settings defaults() {
      return new Settings(10_000, 0.9, 3, 0.5, 10, 2.5, 0);
    }

    public Settings withConsecutiveSeconds(int seconds) {
      return new Settings(
          baselineWindowMs,
          throughputRatio,
          seconds,
          lagToleranceSeconds,
          lagToleranceMin,
          gapFactor,
          errorGraceMs);
    }

    public Settings withErrorGraceMs(long graceMs) {
      return new Settings(
          baselineWindowMs,
          throughputRatio,
          consecutiveSeconds,
          lagToleranceSeconds,
          lagToleranceMin,
          gapFactor,
          graceMs);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  private final Settings settings;

  public RecoveryAnalysis() {
    this(Settings.defaults());
  }

  public RecoveryAnalysis(Settings settings) {
    this.settings = settings;
  }

  public FaultOutcome analyse(FaultWindow window, RecoveryInputs inputs) {
    List<String> notes = new ArrayList<>();
    StepSeries throughput = StepSeries.endingAt(throughputMap(inputs), settings.gapFactor());
    StepSeries lag = StepSeries.startingAt(lagMap(inputs), settings.gapFactor());
    long injectedAt = window.injectedAt();
    long from = injectedAt - settings.baselineWindowMs();

    Double baselineRate = median(throughput.steps(), s -> s.to() > from && s.to() <= injectedAt);
    Double offered = inputs.offeredRate();
    if (baselineRate != null && offered != null && offered > 0 && baselineRate > offered) {
      notes.add(
          "the pre-fault median ("
              + Math.round(baselineRate)
              + " msg/s) was above the offered rate: the pipeline was still catching up; the"
              + " baseline is the offered "
              + Math.round(offered)
              + " msg/s");
      baselineRate = offered;
    }
    if (baselineRate == null) {
      notes.add(
          "no throughput point in the "
              + settings.baselineWindowMs() / 1000.0
              + " s before the injection: no rate baseline, recovery not measurable");
    }
    Double baselineLag = median(lag.steps(), s -> s.from() >= from && s.from() < injectedAt);
    Double lagLimit = null;
    if (lag.isEmpty()) {
      notes.add("no " + LAG_KEY + " samples: recovery judged on throughput alone");
    } else if (baselineLag == null) {
      notes.add(
          "no " + LAG_KEY + " sample before the injection: recovery judged on throughput alone");
    } else {
      double rate = baselineRate == null ? 0 : baselineRate;
      lagLimit =
          baselineLag + Math.max(settings.lagToleranceMin(), settings.lagToleranceSeconds() * rate);
    }

    Double rateFloor = baselineRate == null ? null : settings.throughputRatio() * baselineRate;
    Detection detection = detect(window, inputs, throughput, rateFloor);
    Double recoverySeconds =
        rateFloor == null ? null : recoverySeconds(window, throughput, rateFloor, lag, lagLimit);

    long errorsEnd = window.healedAt() + settings.errorGraceMs();
    long inside = 0;
    long outside = 0;
    for (long t : inputs.errors()) {
      if (t >= injectedAt && t <= errorsEnd) {
        inside++;
      } else {
        outside++;
      }
    }
    double processedOutside = 0;
    for (StepSeries.Step s : throughput.steps()) {
      if (s.to() < injectedAt || s.to() > errorsEnd) {
        processedOutside += s.value() * (s.to() - s.from()) / 1000.0;
      }
    }
    double attempts = processedOutside + outside;
    Double outsideRate = attempts > 0 ? 100.0 * outside / attempts : null;
    if (outsideRate == null) {
      notes.add("nothing processed outside the fault window: no outside error rate");
    }
    return new FaultOutcome(
        window,
        detection == null ? null : seconds(detection.at - injectedAt),
        detection == null ? null : detection.by,
        recoverySeconds,
        baselineRate,
        baselineLag,
        lagLimit,
        inside,
        outside,
        outsideRate,
        notes);
  }

  private record Detection(long at, String by) {}

  private static Detection detect(
      FaultWindow window, RecoveryInputs inputs, StepSeries throughput, Double rateFloor) {
    Detection first = earliest(null, inputs.errors(), window, "error");
    first = earliest(first, inputs.readinessDown(), window, "readiness");
    if (rateFloor != null) {
      for (StepSeries.Step s : throughput.steps()) {
        if (s.to() > window.injectedAt() && s.from() < window.healedAt() && s.value() < rateFloor) {
          if (first == null || s.to() < first.at) {
            first = new Detection(s.to(), "throughput");
          }
          break;
        }
      }
    }
    return first;
  }

  private static Detection earliest(
      Detection current, List<Long> times, FaultWindow window, String by) {
    Detection best = current;
    for (long t : times) {
      if (window.contains(t) && (best == null || t < best.at)) {
        best = new Detection(t, by);
      }
    }
    return best;
  }

  private Double recoverySeconds(
      FaultWindow window,
      StepSeries throughput,
      double rateFloor,
      StepSeries lag,
      Double lagLimit) {
    long healedAt = window.healedAt();
    TreeSet<Long> bounds = new TreeSet<>();
    bounds.add(healedAt);
    for (StepSeries.Step s : throughput.steps()) {
      bounds.add(s.from());
      bounds.add(s.to());
    }
    if (lagLimit != null) {
      for (StepSeries.Step s : lag.steps()) {
        bounds.add(s.from());
        bounds.add(s.to());
      }
    }
    long needed = settings.consecutiveSeconds() * 1000L;
    // health only changes at step bounds; past the last bound every series is unknown (unhealthy)
    Long healthySince = null;
    for (long b : bounds.tailSet(healedAt, true)) {
      boolean healthy = healthy(b, throughput, rateFloor, lag, lagLimit);
      if (healthySince != null && b - healthySince >= needed) {
        return seconds(healthySince - healedAt);
      }
      if (healthy && healthySince == null) {
        healthySince = b;
      } else if (!healthy) {
        healthySince = null;
      }
    }
    return null;
  }

  private static boolean healthy(
      long t, StepSeries throughput, double rateFloor, StepSeries lag, Double lagLimit) {
    Double rate = throughput.valueAt(t);
    if (rate == null || rate < rateFloor) {
      return false;
    }
    if (lagLimit == null) {
      return true;
    }
    Double lagNow = lag.valueAt(t);
    return lagNow != null && lagNow <= lagLimit;
  }

  private static TreeMap<Long, Double> throughputMap(RecoveryInputs inputs) {
    TreeMap<Long, Double> map = new TreeMap<>();
    for (ThroughputPoint p : inputs.throughput()) {
      if (Double.isFinite(p.msgsPerSec())) {
        map.put(p.t(), p.msgsPerSec());
      }
    }
    return map;
  }

  private static TreeMap<Long, Double> lagMap(RecoveryInputs inputs) {
    TreeMap<Long, Double> map = new TreeMap<>();
    for (Sample s : inputs.monitor()) {
      Double v = s.get(LAG_KEY);
      if (v != null && Double.isFinite(v)) {
        map.put(s.t(), v);
      }
    }
    return map;
  }

  private static Double median(List<StepSeries.Step> steps, Predicate<StepSeries.Step> in) {
    double[] values = steps.stream().filter(in).mapToDouble(StepSeries.Step::value).toArray();
    if (values.length == 0) {
      return null;
    }
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static double seconds(long ms) {
    return ms / 1000.0;
  }
}
