package io.pipelineperf.faults.proxy;

import java.util.Locale;

/**
 * A fault applied by a {@link FaultProxy}, in Toxiproxy's vocabulary. Every toxic has a unique name
 * (default {@code <type>_<direction>}, e.g. {@code latency_downstream}), a direction and a
 * toxicity: the probability, decided once per connection, that the toxic applies to that
 * connection. Removing a toxic heals: traffic then flows again at once.
 *
 * <p>Toxics are immutable values; {@link #named(String)} and {@link #withToxicity(double)} return
 * copies.
 */
public sealed interface Toxic
    permits Toxic.Latency,
        Toxic.Bandwidth,
        Toxic.Down,
        Toxic.Timeout,
        Toxic.ResetPeer,
        Toxic.Slicer,
        Toxic.LimitData {

  /** Unique name within a proxy; {@link FaultProxy#remove(String)} takes it. */
  String name();

  /** The direction the toxic acts on; {@code null} only for {@link Down}. */
  Direction direction();

  /** Probability in [0, 1] that the toxic applies to a given connection. */
  double toxicity();

  /** A copy with another name (for two toxics of one type and direction). */
  Toxic named(String name);

  /** A copy that applies to each connection with this probability in [0, 1]. */
  Toxic withToxicity(double toxicity);

  /** Delays each chunk of data by {@code latencyMs} plus a uniform random {@code ±jitterMs}. */
  static Latency latency(Direction direction, long latencyMs, long jitterMs) {
    return new Latency(defaultName("latency", direction), direction, 1.0, latencyMs, jitterMs);
  }

  /** Limits throughput to {@code kbPerSec} kilobytes (1000 bytes, as Toxiproxy) per second. */
  static Bandwidth bandwidth(Direction direction, long kbPerSec) {
    return new Bandwidth(defaultName("bandwidth", direction), direction, 1.0, kbPerSec);
  }

  /**
   * Takes the proxy down (Toxiproxy's "disabled"): the listening port is closed, so new connections
   * are refused, and open connections are closed. Removing it listens again on the same port.
   * Applies to both directions; toxicity must stay 1.0.
   */
  static Down down() {
    return new Down("down", 1.0);
  }

  /**
   * Blackholes the direction: data is accepted but not passed on; after {@code closeAfterMs} (if
   * greater than 0) the connection is closed. Unlike Toxiproxy, which drops the data, the proxy
   * holds it (up to its buffer limit, then TCP back-pressure), as a partitioned TCP link would: on
   * healing, held data flows on and the stream stays intact.
   */
  static Timeout timeout(Direction direction, long closeAfterMs) {
    return new Timeout(defaultName("timeout", direction), direction, 1.0, closeAfterMs);
  }

  /** A blackhole that never closes the connection: {@code timeout(direction, 0)}. */
  static Timeout blackhole(Direction direction) {
    return timeout(direction, 0).named(defaultName("blackhole", direction));
  }

  /**
   * Resets affected connections {@code afterMs} after the toxic meets them (at connect, or when
   * added): both sockets are closed with SO_LINGER 0, so each peer sees "connection reset".
   */
  static ResetPeer resetPeer(Direction direction, long afterMs) {
    return new ResetPeer(defaultName("reset_peer", direction), direction, 1.0, afterMs);
  }

  /**
   * Splits data into chunks of {@code averageSize ± sizeVariation} bytes, each sent {@code
   * delayMicros} after the previous one.
   */
  static Slicer slicer(Direction direction, int averageSize, int sizeVariation, long delayMicros) {
    return new Slicer(
        defaultName("slicer", direction), direction, 1.0, averageSize, sizeVariation, delayMicros);
  }

  /** Passes at most {@code bytes} bytes in this direction per connection, then closes it. */
  static LimitData limitData(Direction direction, long bytes) {
    return new LimitData(defaultName("limit_data", direction), direction, 1.0, bytes);
  }

  private static String defaultName(String type, Direction direction) {
    requireDirection(direction);
    return type + "_" + direction.name().toLowerCase(Locale.ROOT);
  }

  private static void requireDirection(Direction direction) {
    if (direction == null) {
      throw new IllegalArgumentException("toxic direction is null: use UPSTREAM or DOWNSTREAM");
    }
  }

  private static void requireCommon(String name, Direction direction, double toxicity) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("toxic name is blank: give a non-blank name");
    }
    requireDirection(direction);
    requireToxicity(name, toxicity);
  }

  private static void requireToxicity(String name, double toxicity) {
    if (!(toxicity >= 0.0 && toxicity <= 1.0)) {
      throw new IllegalArgumentException(
          "toxic '" + name + "': toxicity " + toxicity + " is not a probability in [0, 1]");
    }
  }

  private static void requireAtLeast(String name, String setting, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "toxic '" + name + "': " + setting + " is " + value + ", must be >= " + min);
    }
  }

  /** See {@link Toxic#latency(Direction, long, long)}. */
  record Latency(String name, Direction direction, double toxicity, long latencyMs, long jitterMs)
      implements Toxic {
    public Latency {
      requireCommon(name, direction, toxicity);
      requireAtLeast(name, "latencyMs", latencyMs, 0);
      requireAtLeast(name, "jitterMs", jitterMs, 0);
    }

    @Override
    public Latency named(String name) {
      return new Latency(name, direction, toxicity, latencyMs, jitterMs);
    }

    @Override
    public Latency withToxicity(double toxicity) {
      return new Latency(name, direction, toxicity, latencyMs, jitterMs);
    }
  }

  /** See {@link Toxic#bandwidth(Direction, long)}. */
  record Bandwidth(String name, Direction direction, double toxicity, long kbPerSec)
      implements Toxic {
    public Bandwidth {
      requireCommon(name, direction, toxicity);
      requireAtLeast(name, "kbPerSec", kbPerSec, 1);
    }

    @Override
    public Bandwidth named(String name) {
      return new Bandwidth(name, direction, toxicity, kbPerSec);
    }

    @Override
    public Bandwidth withToxicity(double toxicity) {
      return new Bandwidth(name, direction, toxicity, kbPerSec);
    }
  }

  /** See {@link Toxic#down()}. */
  record Down(String name, double toxicity) implements Toxic {
    public Down {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("toxic name is blank: give a non-blank name");
      }
      if (toxicity != 1.0) {
        throw new IllegalArgumentException(
            "toxic '" + name + "': down takes the whole proxy down; toxicity must be 1.0");
      }
    }

    @Override
    public Direction direction() {
      return null;
    }

    @Override
    public Down named(String name) {
      return new Down(name, toxicity);
    }

    @Override
    public Down withToxicity(double toxicity) {
      return new Down(name, toxicity);
    }
  }

  /** See {@link Toxic#timeout(Direction, long)}. */
  record Timeout(String name, Direction direction, double toxicity, long closeAfterMs)
      implements Toxic {
    public Timeout {
      requireCommon(name, direction, toxicity);
      requireAtLeast(name, "closeAfterMs", closeAfterMs, 0);
    }

    @Override
    public Timeout named(String name) {
      return new Timeout(name, direction, toxicity, closeAfterMs);
    }

    @Override
    public Timeout withToxicity(double toxicity) {
      return new Timeout(name, direction, toxicity, closeAfterMs);
    }
  }

  /** See {@link Toxic#resetPeer(Direction, long)}. */
  record ResetPeer(String name, Direction direction, double toxicity, long afterMs)
      implements Toxic {
    public ResetPeer {
      requireCommon(name, direction, toxicity);
      requireAtLeast(name, "afterMs", afterMs, 0);
    }

    @Override
    public ResetPeer named(String name) {
      return new ResetPeer(name, direction, toxicity, afterMs);
    }

    @Override
    public ResetPeer withToxicity(double toxicity) {
      return new ResetPeer(name, direction, toxicity, afterMs);
    }
  }

  /** See {@link Toxic#slicer(Direction, int, int, long)}. */
  record Slicer(
      String name,
      Direction direction,
      double toxicity,
      int averageSize,
      int sizeVariation,
      long delayMicros)
      implements Toxic {
    public Slicer {
      requireCommon(name, direction, toxicity);
      requireAtLeast(name, "averageSize", averageSize, 1);
      requireAtLeast(name, "sizeVariation", sizeVariation, 0);
      if (sizeVariation >= averageSize) {
        throw new IllegalArgumentException(
            "toxic '" + name + "': sizeVariation must be smaller than averageSize");
      }
      requireAtLeast(name, "delayMicros", delayMicros, 0);
    }

    @Override
    public Slicer named(String name) {
      return new Slicer(name, direction, toxicity, averageSize, sizeVariation, delayMicros);
    }

    @Override
    public Slicer withToxicity(double toxicity) {
      return new Slicer(name, direction, toxicity, averageSize, sizeVariation, delayMicros);
    }
  }

  /** See {@link Toxic#limitData(Direction, long)}. */
  record LimitData(String name, Direction direction, double toxicity, long bytes) implements Toxic {
    public LimitData {
      requireCommon(name, direction, toxicity);
      requireAtLeast(name, "bytes", bytes, 0);
    }

    @Override
    public LimitData named(String name) {
      return new LimitData(name, direction, toxicity, bytes);
    }

    @Override
    public LimitData withToxicity(double toxicity) {
      return new LimitData(name, direction, toxicity, bytes);
    }
  }
}
