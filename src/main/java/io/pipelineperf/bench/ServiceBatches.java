package io.pipelineperf.bench;

import io.pipelineperf.monitor.PrometheusScrape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * The service's batches during one step, from its Prometheus metrics scraped before and after the
 * step: how many batches, their mean duration (poll to offset commit: DB write, outcome publish and
 * acks, commit) and the mean number of messages per batch.
 */
public record ServiceBatches(long batches, double meanBatchMs, double messagesPerBatch) {

  static final String COUNT = "pipeline_batch_duration_seconds_count";
  static final String SUM = "pipeline_batch_duration_seconds_sum";
  static final String PROCESSED = "pipeline_messages_processed_total";

  /** Saves the service's /metrics text to the file; false (and nothing written) if unreachable. */
  public static boolean scrape(String httpUrl, Path file) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpUrl + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        System.err.println("[bench] " + httpUrl + "/metrics answered " + r.statusCode());
        return false;
      }
      Files.writeString(file, r.body());
      return true;
    } catch (IOException e) {
      System.err.println("[bench] cannot scrape " + httpUrl + "/metrics: " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The batches between two scrapes, or null when either is missing or has no batch metric. */
  public static ServiceBatches between(Path before, Path after) {
    if (!Files.isRegularFile(before) || !Files.isRegularFile(after)) {
      return null;
    }
    try {
      return between(
          PrometheusScrape.parse(Files.readString(before)),
          PrometheusScrape.parse(Files.readString(after)));
    } catch (IOException e) {
      return null;
    }
  }

  static ServiceBatches between(PrometheusScrape before, PrometheusScrape after) {
    double batches = delta(before.sum(COUNT), after.sum(COUNT));
    double seconds = delta(before.sum(SUM), after.sum(SUM));
    double processed = delta(before.sum(PROCESSED), after.sum(PROCESSED));
    if (Double.isNaN(batches) || batches <= 0) {
      return null;
    }
    return new ServiceBatches(
        Math.round(batches),
        Math.round(seconds / batches * 1e6) / 1000.0,
        Double.isNaN(processed) ? Double.NaN : Math.round(processed / batches * 10) / 10.0);
  }

  /** A counter that does not exist yet before the first batch counts as 0. */
  private static double delta(OptionalDouble before, OptionalDouble after) {
    if (after.isEmpty()) {
      return Double.NaN;
    }
    return after.getAsDouble() - before.orElse(0);
  }
}
