package io.pipelineperf.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Did the service log the fault, with its class and what the operator can do, while it lasted?
 *
 * <p>Reads the reference service's log format ({@code io/pipelineperf/service/logback.xml}): {@code
 * HH:mm:ss.SSS LEVEL [thread] Logger - message}. Lines at WARN or ERROR count as error lines; other
 * lines (INFO, stack trace lines, the stack's {@code ---- <instant> starting service} markers) are
 * skipped. A line is the fault, logged well, when its message names the error class as a word
 * ({@code transient}, {@code poison} or {@code fatal}, as in {@code "(transient, SQLSTATE 08001:
 * …)"}) and gives an operator hint: a clause starting after {@code ": "} or {@code "; "} with a
 * lower-case imperative ({@code check}, {@code restart}, {@code give}, {@code increase}, …), as in
 * {@code "…: check PostgreSQL is up and db.poolSize is large enough"}. (PostgreSQL's own {@code
 * "Hint: See server log"} is capitalised and does not count.)
 *
 * <p>The log has times of day only: each is placed on the date (in the service's time zone, by
 * default this JVM's, since the stack runs the service on this host) that puts it nearest to the
 * fault window, which is right for any line within 12 hours of it. A line counts when {@code
 * injectedAt <= time <= healedAt + grace}.
 */
public final class ServiceLogCheck {

  /**
   * @param logged a well-formed fault line was found in the window
   * @param errorClass the class word of that line, lower case; null when none
   * @param at that line's time, epoch ms; null when none
   * @param line that line; null when none
   * @param errorLinesInWindow WARN/ERROR lines in the window, well-formed or not
   * @param firstErrorLine the first WARN/ERROR line in the window (shows what was logged instead)
   */
  public record LoggedFault(
      boolean logged,
      String errorClass,
      Long at,
      String line,
      long errorLinesInWindow,
      String firstErrorLine) {}

  static final Pattern LINE =
      Pattern.compile(
          "^(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})\\s+(WARN|ERROR)\\s+\\[[^\\]]*\\]\\s+\\S+\\s+-\\s+(.*)$");
  static final Pattern CLASS_WORD =
      Pattern.compile("\\b(transient|poison|fatal)\\b", Pattern.CASE_INSENSITIVE);
  static final Pattern HINT =
      Pattern.compile(
          "[:;] (check|restart|give|increase|raise|reduce|lower|set|unset|fix|add|remove|free"
              + "|grant|verify|ensure|find|use)\\b");

  private final ZoneId zone;
  private final long graceMs;

  public ServiceLogCheck() {
    this(ZoneId.systemDefault(), 0);
  }

  /**
   * @param zone the time zone the service logged in
   * @param graceMs how long after the heal a line still counts (e.g. the retry backoff)
   */
  public ServiceLogCheck(ZoneId zone, long graceMs) {
    if (graceMs < 0) {
      throw new IllegalArgumentException("graceMs must be >= 0, was " + graceMs);
    }
    this.zone = zone;
    this.graceMs = graceMs;
  }

  public LoggedFault check(Path serviceLog, FaultWindow window) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(serviceLog), StandardCharsets.UTF_8))) {
      Scan scan = new Scan(window);
      String line;
      while ((line = reader.readLine()) != null) {
        scan.accept(line);
      }
      return scan.result();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the service log " + serviceLog, e);
    }
  }

  public LoggedFault check(List<String> lines, FaultWindow window) {
    Scan scan = new Scan(window);
    for (String line : lines) {
      scan.accept(line);
    }
    return scan.result();
  }

  /** The class word if the message names the class and gives a hint, else null. */
  static String wellFormedClass(String message) {
    Matcher classWord = CLASS_WORD.matcher(message);
    if (!classWord.find() || !HINT.matcher(message).find()) {
      return null;
    }
    return classWord.group(1).toLowerCase(Locale.ROOT);
  }

  private final class Scan {
    private final FaultWindow window;
    private final long end;
    private final LocalDate windowDate;
    private final long middle;
    private long errorLines;
    private String firstErrorLine;
    private LoggedFault found;

    Scan(FaultWindow window) {
      this.window = window;
      this.end = window.healedAt() + graceMs;
      this.middle = window.injectedAt() + (end - window.injectedAt()) / 2;
      this.windowDate = Instant.ofEpochMilli(middle).atZone(zone).toLocalDate();
    }

    void accept(String line) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        return;
      }
      LocalTime time;
      try {
        time =
            LocalTime.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)) * 1_000_000);
      } catch (java.time.DateTimeException e) {
        return;
      }
      long at = nearest(time);
      if (at < window.injectedAt() || at > end) {
        return;
      }
      errorLines++;
      if (firstErrorLine == null) {
        firstErrorLine = line;
      }
      String errorClass = found == null ? wellFormedClass(m.group(6)) : null;
      if (errorClass != null) {
        found = new LoggedFault(true, errorClass, at, line, 0, null);
      }
    }

    LoggedFault result() {
      if (found == null) {
        return new LoggedFault(false, null, null, null, errorLines, firstErrorLine);
      }
      return new LoggedFault(
          true, found.errorClass(), found.at(), found.line(), errorLines, firstErrorLine);
    }

    private long nearest(LocalTime time) {
      long best = 0;
      long bestDistance = Long.MAX_VALUE;
      for (int days = -1; days <= 1; days++) {
        long t = windowDate.plusDays(days).atTime(time).atZone(zone).toInstant().toEpochMilli();
        long distance = Math.abs(t - middle);
        if (distance < bestDistance) {
          best = t;
          bestDistance = distance;
        }
      }
      return best;
    }
  }
}
