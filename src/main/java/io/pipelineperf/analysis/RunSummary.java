package io.pipelineperf.analysis;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of one run, written as {@code summary.json} into the Gatling run
 * folder. Latencies are milliseconds read from microsecond HdrHistograms. Further sections (e.g.
 * {@code resources}, {@code faults}) are added with {@link #section}.
 */
@JsonPropertyOrder({
  "simulation",
  "profile",
  "target",
  "rate",
  "messages",
  "latencyMs",
  "errors",
  "assertions",
  "verdict",
  "invalidReasons",
  "passed"
})
public final class RunSummary {

  public static final String FILE_NAME = "summary.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Offered and achieved message rates of the measured phase, messages per second. */
  public record Rate(double target, double achieved) {}

  /** Message counts of the measured phase, except lost/duplicated which cover the whole run. */
  public record Messages(
      long sent, long acked, long processed, long deadLettered, long lost, long duplicated) {}

  /**
   * Errors of the measured phase; {@code rate} is a percentage of sent. {@code count} is the sum of
   * failed sends, e2e timeouts, outcomes with an unknown status, sends refused for a duplicate id,
   * and dead letters unless the run expected them ({@code deadLetteredCounted}).
   */
  public record Errors(
      long count,
      double rate,
      long sendFailed,
      long timedOut,
      long unknownStatus,
      long duplicateIds,
      long deadLettered,
      boolean deadLetteredCounted) {

    /** Errors with no breakdown (failed sends only). */
    public static Errors ofSendFailures(long count, double rate) {
      return new Errors(count, rate, count, 0, 0, 0, 0, false);
    }
  }

  private final String simulation;
  private final String profile;
  private final String target;
  private final Rate rate;
  private final Messages messages;
  private final Map<String, LatencySummary> latencyMs;
  private final Errors errors;
  private final List<AssertionResult> assertions;
  private final Map<String, Object> sections = new LinkedHashMap<>();

  public RunSummary(
      String simulation,
      String profile,
      String target,
      Rate rate,
      Messages messages,
      Map<String, LatencySummary> latencyMs,
      Errors errors,
      List<AssertionResult> assertions) {
    this.simulation = simulation;
    this.profile = profile;
    this.target = target;
    this.rate = rate;
    this.messages = messages;
    this.latencyMs = new LinkedHashMap<>(latencyMs);
    this.errors = errors;
    this.assertions = new ArrayList<>(assertions);
  }

  /** Adds a further top-level section, e.g. {@code section("resources", cpuAndMemory)}. */
  public RunSummary section(String name, Object value) {
    sections.put(name, value);
    return this;
  }

  /** Adds checks made by other parts of the run (e.g. resource limits); they count for passed. */
  public RunSummary addAssertions(List<AssertionResult> more) {
    assertions.addAll(more);
    return this;
  }

  public String getSimulation() {
    return simulation;
  }

  public String getProfile() {
    return profile;
  }

  public String getTarget() {
    return target;
  }

  public Rate getRate() {
    return rate;
  }

  public Messages getMessages() {
    return messages;
  }

  public Map<String, LatencySummary> getLatencyMs() {
    return latencyMs;
  }

  public Errors getErrors() {
    return errors;
  }

  public List<AssertionResult> getAssertions() {
    return List.copyOf(assertions);
  }

  public Verdict getVerdict() {
    return Verdict.of(assertions);
  }

  /** Why the run is INVALID (empty unless it is). */
  public List<String> getInvalidReasons() {
    return assertions.stream()
        .filter(a -> a.isValidity() && !a.passed())
        .map(InjectorValidity::reason)
        .toList();
  }

  /** True only for a PASS: an INVALID run did not pass either. */
  public boolean isPassed() {
    return getVerdict() == Verdict.PASS;
  }

  @JsonAnyGetter
  public Map<String, Object> getSections() {
    return sections;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code summary.json} into the folder and returns its path. */
  public Path writeTo(Path folder) {
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(FILE_NAME);
      Files.writeString(file, toJson() + System.lineSeparator());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + FILE_NAME + " into " + folder, e);
    }
  }
}
