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
 * A named open-model load shape: a warm-up at the target rate, a ramp and a measured phase. A
 * user's first message is due when Gatling injects the user, so the injection profile is also the
 * message schedule: the n-th user's due time is computable exactly ({@link #offsetMillis(long)}),
 * which is what makes latency free of coordinated omission.
 *
 * <p>Chosen with {@code -Dprofile=low|medium|high|peak|burst|sustained} (default medium); {@code
 * -Drate=} (msg/s) and {@code -Dduration=} (seconds of the measured phase) override, as do {@code
 * -Dwarmup=} ({@code auto}: the caller's default) and {@code -Dramp=} (seconds).
 *
 * <p>The ramp rises from a quarter of the target rate when nothing precedes it; after a warm-up
 * (which already runs at the target rate) it holds the target rate.
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

  /** Where a ramp that nothing precedes starts, as a fraction of the target rate. */
  static final double RAMP_START_FRACTION = 0.25;

  static final double BURST_FACTOR = 10;
  static final double BURST_CYCLE_SECONDS = 10;
  static final double BURST_SPIKE_SECONDS = 2;

  private final Kind kind;
  private final double rate;
  private final double measuredSeconds;
  private final List<Segment> segments;
  private final List<GatlingPlacement> placements;
  private final long[] usersBefore;
  private final long[] startMillis;

  private LoadProfile(
      Kind kind, double rate, double warmupSeconds, double rampSeconds, double measuredSeconds) {
    this.kind = kind;
    this.rate = rate;
    this.measuredSeconds = measuredSeconds;
    List<Segment> steps = new ArrayList<>();
    if (warmupSeconds > 0) {
      steps.add(Segment.constant(Phase.WARMUP, rate, warmupSeconds));
    }
    if (rampSeconds > 0) {
      double from = warmupSeconds > 0 ? rate : Math.max(1, rate * RAMP_START_FRACTION);
      steps.add(new Segment(Phase.RAMP, from, rate, rampSeconds));
    }
    if (kind == Kind.BURST) {
      addBursts(steps, rate, measuredSeconds);
    } else {
      steps.add(Segment.constant(Phase.MEASURED, rate, measuredSeconds));
    }
    this.segments = List.copyOf(steps);
    List<GatlingPlacement> placed = new ArrayList<>();
    this.usersBefore = new long[segments.size() + 1];
    this.startMillis = new long[segments.size() + 1];
    for (int i = 0; i < segments.size(); i++) {
      GatlingPlacement placement = segments.get(i).placement();
      placed.add(placement);
      usersBefore[i + 1] = usersBefore[i] + placement.users();
      startMillis[i + 1] = startMillis[i] + segments.get(i).millis();
    }
    this.placements = List.copyOf(placed);
  }

  public static LoadProfile of(Kind kind) {
    return new LoadProfile(kind, kind.rate, 10, 10, kind.seconds);
  }

  public static LoadProfile of(
      Kind kind, double rate, double warmupSeconds, double rampSeconds, double measuredSeconds) {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be > 0 msg/s, was " + rate);
    }
    if (measuredSeconds < 0.001 || warmupSeconds < 0 || rampSeconds < 0) {
      throw new IllegalArgumentException(
          "duration must be > 0 s and warmup/ramp >= 0 s, were "
              + measuredSeconds
              + "/"
              + warmupSeconds
              + "/"
              + rampSeconds);
    }
    if (rampSeconds > 0 && rampSeconds < 1) {
      // Gatling spreads a ramp over its whole seconds and fails on a ramp of none
      throw new IllegalArgumentException("ramp must be 0 or at least 1 s, was " + rampSeconds);
    }
    if (warmupSeconds > 0 && warmupSeconds < 0.001) {
      throw new IllegalArgumentException("warmup must be 0 or at least 1 ms, was " + warmupSeconds);
    }
    return new LoadProfile(kind, rate, warmupSeconds, rampSeconds, measuredSeconds);
  }

  /**
   * Reads -Dprofile, -Drate, -Dduration, -Dwarmup and -Dramp; fails naming a bad value. {@code
   * -Dwarmup=auto} means the default.
   */
  public static LoadProfile fromSystemProperties() {
    return fromSystemProperties(10, 10, null);
  }

  /**
   * As {@link #fromSystemProperties()} with other defaults for -Dwarmup, -Dramp and -Dduration (a
   * null duration: the profile's own). {@code -Dwarmup=auto} takes {@code defaultWarmup}.
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
        autoWarmup() ? defaultWarmup : number("warmup", defaultWarmup),
        number("ramp", defaultRamp),
        number("duration", defaultDuration == null ? kind.seconds : defaultDuration));
  }

  /** True when -Dwarmup is absent, blank or {@code auto}: the caller chooses the warm-up. */
  public static boolean autoWarmup() {
    String text = System.getProperty("warmup");
    return text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto");
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
    while (at < seconds - 0.0005) { // no step shorter than the millisecond Gatling is handed
      double steady = Math.min(BURST_CYCLE_SECONDS - BURST_SPIKE_SECONDS, seconds - at);
      steps.add(Segment.constant(Phase.MEASURED, base, steady));
      at += steady;
      double spike = Math.min(BURST_SPIKE_SECONDS, seconds - at);
      if (spike > 0.0005) {
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
    return startMillis[segments.size()] / 1000.0;
  }

  public double measuredStartSeconds() {
    return measuredStartMillis() / 1000.0;
  }

  private long measuredStartMillis() {
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).phase() == Phase.MEASURED) {
        return startMillis[i];
      }
    }
    return startMillis[segments.size()];
  }

  /** Users (messages) Gatling injects over the whole profile. */
  public long users() {
    return usersBefore[segments.size()];
  }

  /** Users Gatling injects during the measured phase. */
  public long measuredUsers() {
    long users = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).phase() == Phase.MEASURED) {
        users += placements.get(i).users();
      }
    }
    return users;
  }

  /** Gatling open-model steps for {@code injectOpen(...)}, one per segment. */
  public OpenInjectionStep[] injection() {
    OpenInjectionStep[] steps = new OpenInjectionStep[segments.size()];
    for (int i = 0; i < steps.length; i++) {
      Segment s = segments.get(i);
      Duration during = Duration.ofMillis(s.millis());
      steps[i] =
          s.isConstant()
              ? constantUsersPerSec(s.startRate()).during(during)
              : rampUsersPerSec(s.startRate()).to(s.endRate()).during(during);
    }
    return steps;
  }

  /**
   * Milliseconds after the injection start at which Gatling injects the n-th (0-based) user of
   * {@link #injection()}. Beyond the profile (another injection than this profile's) the last rate
   * continues.
   */
  public long offsetMillis(long n) {
    int i = segmentOf(n);
    if (i == segments.size()) {
      double lastRate = Math.max(segments.get(i - 1).endRate(), 1e-3);
      return startMillis[i] + (long) Math.ceil((n - usersBefore[i]) * 1000 / lastRate);
    }
    return startMillis[i] + placements.get(i).offsetMillis(n - usersBefore[i]);
  }

  /** The phase the n-th (0-based) user belongs to. */
  public Phase phaseOf(long n) {
    return segments.get(Math.min(segmentOf(n), segments.size() - 1)).phase();
  }

  /**
   * 0, 1 or 2: the third of the measured phase that an offset (ms after the injection start) falls
   * in, by time; -1 before the measured phase.
   */
  public int thirdAt(long offsetMillis) {
    long start = measuredStartMillis();
    long span = startMillis[segments.size()] - start;
    if (offsetMillis < start || span <= 0) {
      return -1;
    }
    return (int) Math.min(2, (offsetMillis - start) * 3 / span);
  }

  private int segmentOf(long n) {
    if (n < 0) {
      throw new IndexOutOfBoundsException("user " + n);
    }
    if (n >= users()) {
      return segments.size();
    }
    return GatlingPlacement.lastIndexAtMost(usersBefore, n);
  }

  @Override
  public String toString() {
    return name()
        + " ("
        + rate
        + " msg/s, "
        + measuredSeconds
        + " s measured, "
        + users()
        + " messages)";
  }
}
