package io.pipelineperf.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A named open-model load shape: a warm-up, a ramp to the target rate and a measured phase. One
 * user sends one message, so the injection profile is also the message schedule: the n-th user's
 * due time is computable, which is what makes latency free of coordinated omission.
 *
 * <p>Chosen with {@code -Dprofile=low|medium|high|peak|burst|sustained} (default medium); {@code
 * -Drate=} (msg/s) and {@code -Dduration=} (seconds of the measured phase) override, as do {@code
 * -Dwarmup=} and {@code -Dramp=} (seconds).
 */
public final class LoadProfile {

  /** The built-in shapes: target rate and measured seconds by default. */
  public enum Kind {
    LOW(50, 60),
    MEDIUM(1000, 60),
    HIGH(3000, 60),
    PEAK(6000, 60),
    /** Steady base rate with sudden 10x spikes: 8 s at the rate, 2 s at ten times it. */
    BURST(500, 60),
    /** A long steady run for soak testing. */
    SUSTAINED(1000, 1800);

    final double rate;
    final double seconds;

    Kind(double rate, double seconds) {
      this.rate = rate;
      this.seconds = seconds;
    }
  }

  static final double WARMUP_FRACTION = 0.25;
  static final double BURST_FACTOR = 10;
  static final double BURST_CYCLE_SECONDS = 10;
  static final double BURST_SPIKE_SECONDS = 2;

  private final Kind kind;
  private final double rate;
  private final double measuredSeconds;
  private final List<Segment> segments;
  private final double[] cumulativeUsers;
  private final double[] startSeconds;

  private LoadProfile(
      Kind kind, double rate, double warmupSeconds, double rampSeconds, double measuredSeconds) {
    this.kind = kind;
    this.rate = rate;
    this.measuredSeconds = measuredSeconds;
    List<Segment> steps = new ArrayList<>();
    double warmupRate = Math.max(1, rate * WARMUP_FRACTION);
    if (warmupSeconds > 0) {
      steps.add(Segment.constant(Phase.WARMUP, warmupRate, warmupSeconds));
    }
    if (rampSeconds > 0) {
      steps.add(new Segment(Phase.RAMP, warmupRate, rate, rampSeconds));
    }
    if (kind == Kind.BURST) {
      addBursts(steps, rate, measuredSeconds);
    } else {
      steps.add(Segment.constant(Phase.MEASURED, rate, measuredSeconds));
    }
    this.segments = List.copyOf(steps);
    this.cumulativeUsers = new double[segments.size() + 1];
    this.startSeconds = new double[segments.size() + 1];
    for (int i = 0; i < segments.size(); i++) {
      cumulativeUsers[i + 1] = cumulativeUsers[i] + segments.get(i).users();
      startSeconds[i + 1] = startSeconds[i] + segments.get(i).seconds();
    }
  }

  public static LoadProfile of(Kind kind) {
    return new LoadProfile(kind, kind.rate, 10, 10, kind.seconds);
  }

  public static LoadProfile of(
      Kind kind, double rate, double warmupSeconds, double rampSeconds, double measuredSeconds) {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be > 0 msg/s, was " + rate);
    }
    if (measuredSeconds <= 0 || warmupSeconds < 0 || rampSeconds < 0) {
      throw new IllegalArgumentException(
          "duration must be > 0 s and warmup/ramp >= 0 s, were "
              + measuredSeconds
              + "/"
              + warmupSeconds
              + "/"
              + rampSeconds);
    }
    return new LoadProfile(kind, rate, warmupSeconds, rampSeconds, measuredSeconds);
  }

  /** Reads -Dprofile, -Drate, -Dduration, -Dwarmup and -Dramp; fails naming a bad value. */
  public static LoadProfile fromSystemProperties() {
    return fromSystemProperties(10, 10, null);
  }

  /**
   * As {@link #fromSystemProperties()} with other defaults for -Dwarmup, -Dramp and -Dduration (a
   * null duration: the profile's own).
   */
  public static LoadProfile fromSystemProperties(
      double defaultWarmup, double defaultRamp, Double defaultDuration) {
    String name = System.getProperty("profile", "medium").trim();
    Kind kind;
    try {
      kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "-Dprofile="
              + name
              + " is unknown; use one of "
              + Arrays.toString(Kind.values()).toLowerCase(Locale.ROOT));
    }
    return of(
        kind,
        number("rate", kind.rate),
        number("warmup", defaultWarmup),
        number("ramp", defaultRamp),
        number("duration", defaultDuration == null ? kind.seconds : defaultDuration));
  }

  private static double number(String property, double fallback) {
    String text = System.getProperty(property);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D"
              + property
              + "="
              + text
              + " is not a number; use e.g. -D"
              + property
              + "="
              + fallback);
    }
  }

  private static void addBursts(List<Segment> steps, double base, double seconds) {
    double at = 0;
    while (at < seconds - 1e-9) {
      double steady = Math.min(BURST_CYCLE_SECONDS - BURST_SPIKE_SECONDS, seconds - at);
      steps.add(Segment.constant(Phase.MEASURED, base, steady));
      at += steady;
      double spike = Math.min(BURST_SPIKE_SECONDS, seconds - at);
      if (spike > 1e-9) {
        steps.add(Segment.constant(Phase.MEASURED, base * BURST_FACTOR, spike));
        at += spike;
      }
    }
  }

  public String name() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** The target rate of the measured phase (the base rate for burst). */
  public double rate() {
    return rate;
  }

  /** The mean rate offered during the measured phase (for burst: base and spikes together). */
  public double measuredMeanRate() {
    return measuredUsers() / measuredSeconds;
  }

  public double measuredSeconds() {
    return measuredSeconds;
  }

  public List<Segment> segments() {
    return segments;
  }

  public double totalSeconds() {
    return startSeconds[segments.size()];
  }

  public double measuredStartSeconds() {
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).phase() == Phase.MEASURED) {
        return startSeconds[i];
      }
    }
    return totalSeconds();
  }

  public double measuredUsers() {
    double users = 0;
    for (Segment s : segments) {
      if (s.phase() == Phase.MEASURED) {
        users += s.users();
      }
    }
    return users;
  }

  /** Gatling open-model steps for {@code injectOpen(...)}, one per segment. */
  public OpenInjectionStep[] injection() {
    OpenInjectionStep[] steps = new OpenInjectionStep[segments.size()];
    for (int i = 0; i < steps.length; i++) {
      Segment s = segments.get(i);
      Duration during = Duration.ofMillis(Math.round(s.seconds() * 1000));
      steps[i] =
          s.isConstant()
              ? constantUsersPerSec(s.startRate()).during(during)
              : rampUsersPerSec(s.startRate()).to(s.endRate()).during(during);
    }
    return steps;
  }

  /** Seconds after injection start at which the n-th (0-based) message is due. */
  public double offsetSeconds(long n) {
    int i = segmentOf(n);
    if (i == segments.size()) {
      // beyond the profile (should not happen): continue at the last rate
      Segment last = segments.get(segments.size() - 1);
      return totalSeconds() + (n - cumulativeUsers[i]) / Math.max(last.endRate(), 1e-9);
    }
    return startSeconds[i] + segments.get(i).offsetOf(n - cumulativeUsers[i]);
  }

  /** The phase the n-th (0-based) message belongs to. */
  public Phase phaseOf(long n) {
    int i = segmentOf(n);
    return segments.get(Math.min(i, segments.size() - 1)).phase();
  }

  private int segmentOf(long n) {
    for (int i = 0; i < segments.size(); i++) {
      if (n < cumulativeUsers[i + 1] - 1e-9) {
        return i;
      }
    }
    return segments.size();
  }

  @Override
  public String toString() {
    return name()
        + " ("
        + rate
        + " msg/s, "
        + measuredSeconds
        + " s measured, "
        + Math.round(cumulativeUsers[segments.size()])
        + " messages)";
  }
}
