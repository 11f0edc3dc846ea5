package io.pipelineperf.gatling;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Turns a Kafka failure into a short, stable text for Gatling's error table. Kafka messages carry
 * partition numbers, offsets and milliseconds; left as they are, every failure would be its own
 * row.
 */
public final class ErrorTexts {

  static final int MAX_LENGTH = 200;
  private static final Pattern NUMBERS = Pattern.compile("\\d+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private ErrorTexts() {}

  public static String normalise(Throwable failure) {
    Throwable root = failure;
    while ((root instanceof ExecutionException || root instanceof CompletionException)
        && root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage();
    String text = root.getClass().getSimpleName();
    if (!message.isBlank()) {
      text +=
          ": " + SPACES.matcher(NUMBERS.matcher(message).replaceAll("N")).replaceAll(" ").trim();
    }
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
  }
}
