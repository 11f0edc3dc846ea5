package io.pipelineperf.bench.detector;

import io.pipelineperf.gatling.Completion;
import io.pipelineperf.gatling.DbCompletionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the detector benchmark runs: the rates (arguments, default 1000 and 10 000 msg/s), each for
 * {@code -Ddetector.warmupSeconds=} (10) and then {@code -Ddetector.measuredSeconds=} (30), written
 * by {@code -Ddetector.writers=} (1) writers that commit what is due every {@code
 * -Ddetector.commitMs=} (5) ms, rows with a payload of {@code -Ddetector.payloadBytes=} (200), and
 * at most {@code -Ddetector.drainSeconds=} (10) for the detector to see the last rows. The detector
 * itself is set as in a run: {@code -Dcompletion.pollMs=} (5), {@code -Dcompletion.db.gapMs=}
 * (5000) and {@code -Dcompletion.db.batch=} (10000); its table and columns are the benchmark's.
 */
record DetectorBenchSettings(
    List<Integer> rates,
    Duration warmup,
    Duration measured,
    int writers,
    Duration commitEvery,
    int payloadBytes,
    Duration drain,
    Duration pollInterval,
    Duration gapTimeout,
    int batchLimit) {

  static final List<Integer> DEFAULT_RATES = List.of(1_000, 10_000);
  static final String SCHEMA = "detector_bench";
  static final String ID_COLUMN = "id";
  static final String SEQ_COLUMN = "seq";
  private static final int MAX_RATE = 1_000_000;

  /** From the command's arguments (the rates) and system properties (or any lookup of them). */
  static DetectorBenchSettings from(List<String> args, UnaryOperator<String> properties) {
    List<Integer> rates = new ArrayList<>();
    for (String a : args) {
      rates.add((int) whole("rate", a, 1, MAX_RATE));
    }
    Completion detector = Completion.from(asDetector(properties));
    return new DetectorBenchSettings(
        rates.isEmpty() ? DEFAULT_RATES : List.copyOf(rates),
        Duration.ofSeconds(property(properties, "detector.warmupSeconds", 10, 0, 3_600)),
        Duration.ofSeconds(property(properties, "detector.measuredSeconds", 30, 1, 3_600)),
        (int) property(properties, "detector.writers", 1, 1, 64),
        Duration.ofMillis(property(properties, "detector.commitMs", 5, 1, 10_000)),
        (int) property(properties, "detector.payloadBytes", 200, 0, 1_000_000),
        Duration.ofSeconds(property(properties, "detector.drainSeconds", 10, 1, 600)),
        detector.pollInterval(),
        detector.db().gapTimeout(),
        detector.db().batchLimit());
  }

  /** The run's completion settings, with this benchmark's table and columns whatever is set. */
  private static UnaryOperator<String> asDetector(UnaryOperator<String> properties) {
    return key ->
        switch (key) {
          case "completion" -> "db";
          case "completion.db.table" -> SCHEMA + ".messages";
          case "completion.db.idColumn" -> ID_COLUMN;
          case "completion.db.seqColumn" -> SEQ_COLUMN;
          default -> properties.apply(key);
        };
  }

  /** The detector's settings for one rate's table. */
  DbCompletionSettings completion(String table) {
    return new DbCompletionSettings(table, ID_COLUMN, SEQ_COLUMN, gapTimeout, batchLimit);
  }

  /** The settings in one line, for the head of the table. */
  String describe() {
    return "poll every "
        + pollInterval.toMillis()
        + " ms (batch "
        + batchLimit
        + ", gaps "
        + gapTimeout.toMillis()
        + " ms); "
        + writers
        + (writers == 1 ? " writer" : " writers")
        + " committing what is due every "
        + commitEvery.toMillis()
        + " ms, payload "
        + payloadBytes
        + " bytes; per rate "
        + warmup.toSeconds()
        + " s warm-up + "
        + measured.toSeconds()
        + " s measured, drain up to "
        + drain.toSeconds()
        + " s";
  }

  private static long property(
      UnaryOperator<String> properties, String key, long fallback, long min, long max) {
    String v = properties.apply(key);
    return v == null || v.isBlank() ? fallback : whole("-D" + key, v, min, max);
  }

  private static long whole(String what, String text, long min, long max) {
    long v;
    try {
      v = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      v = Long.MIN_VALUE;
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          what + "=" + text + " must be a whole number from " + min + " to " + max);
    }
    return v;
  }
}
