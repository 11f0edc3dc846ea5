package io.pipelineperf.payload;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.jsonFile;
import static io.gatling.javaapi.jdbc.JdbcDsl.jdbcFeeder;

import io.gatling.javaapi.core.FeederBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code -Dfeeder=<file>.csv|.json} or {@code -Dfeeder.jdbc.query=select ...} (against the stack's
 * database), with {@code -Dfeeder.strategy=circular|random|shuffle|queue} (default circular): one
 * of Gatling's own feeders.
 */
public final class FeederChoice {

  static final String FILE = "feeder";
  static final String JDBC_QUERY = "feeder.jdbc.query";
  static final String STRATEGY = "feeder.strategy";

  /** Gatling's record-picking strategies. */
  enum Strategy {
    CIRCULAR,
    RANDOM,
    SHUFFLE,
    QUEUE;

    static Strategy parse(String text) {
      if (text == null || text.isBlank()) {
        return CIRCULAR;
      }
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-D"
                + STRATEGY
                + "="
                + text
                + " is not a strategy: use circular, random, shuffle or queue");
      }
    }

    FeederBuilder<Object> applyTo(FeederBuilder<Object> feeder) {
      return switch (this) {
        case CIRCULAR -> feeder.circular();
        case RANDOM -> feeder.random();
        case SHUFFLE -> feeder.shuffle();
        case QUEUE -> feeder.queue();
      };
    }
  }

  private final String description;
  private final Strategy strategy;
  private final boolean needsDatabase;
  private final Supplier<FeederBuilder<Object>> records;

  private FeederChoice(
      String description,
      Strategy strategy,
      boolean needsDatabase,
      Supplier<FeederBuilder<Object>> records) {
    this.description = description;
    this.strategy = strategy;
    this.needsDatabase = needsDatabase;
    this.records = records;
  }

  /** The feeder the settings ask for, or null when they name none. */
  static FeederChoice from(Function<String, String> settings, Supplier<Database> database) {
    String file = blankToNull(settings.apply(FILE));
    String query = blankToNull(settings.apply(JDBC_QUERY));
    Strategy strategy = Strategy.parse(settings.apply(STRATEGY));
    if (file != null && query != null) {
      throw new IllegalArgumentException(
          "-D" + FILE + " and -D" + JDBC_QUERY + " are both set: choose one feeder");
    }
    if (file != null) {
      DataFile data = DataFile.find(FILE, file);
      String name = data.forGatling();
      FeederBuilder<Object> builder = fileFeeder(file, name);
      return new FeederChoice("-D" + FILE + "=" + file, strategy, false, () -> builder);
    }
    if (query != null) {
      return new FeederChoice(
          "-D" + JDBC_QUERY + "=" + query,
          strategy,
          true,
          () -> {
            Database db = database.get();
            return jdbcFeeder(db.url(), db.user(), db.password(), query);
          });
    }
    if (blankToNull(settings.apply(STRATEGY)) != null) {
      throw new IllegalArgumentException(
          "-D"
              + STRATEGY
              + " is set but there is no feeder: add -D"
              + FILE
              + "= or -D"
              + JDBC_QUERY);
    }
    return null;
  }

  private static FeederBuilder<Object> fileFeeder(String setting, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return widen(csv(name));
    }
    if (lower.endsWith(".json")) {
      return widen(jsonFile(name));
    }
    throw new IllegalArgumentException(
        "-D"
            + FILE
            + "="
            + setting
            + ": a feeder file is .csv or .json (Gatling's csv / jsonFile)");
  }

  @SuppressWarnings("unchecked") // records are read only, as Object
  private static FeederBuilder<Object> widen(FeederBuilder<?> feeder) {
    return (FeederBuilder<Object>) feeder;
  }

  /** The feeder for {@code .feed(..)}: Gatling's, with the strategy; a JDBC one built lazily. */
  public FeederBuilder<Object> builder() {
    return needsDatabase
        ? strategy.applyTo(new LazyFeederBuilder(records))
        : strategy.applyTo(records.get());
  }

  /** The first record, for checking a template against it (runs the query for a JDBC feeder). */
  Map<String, Object> firstRecord() {
    List<Map<String, Object>> all;
    // Read without the strategy: readRecords() of a circular or random feeder never returns.
    try {
      all = records.get().readRecords();
    } catch (Exception e) { // Gatling's Scala code throws checked ones too (SQLException)
      throw new IllegalArgumentException(description + ": cannot read it: " + rootMessage(e), e);
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException(description + " gives no records");
    }
    return all.get(0);
  }

  boolean needsDatabase() {
    return needsDatabase;
  }

  Strategy strategy() {
    return strategy;
  }

  @Override
  public String toString() {
    return description + " (" + strategy.name().toLowerCase(Locale.ROOT) + ")";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
