package io.pipelineperf.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls the service's {@code GET /ready} on its own thread and keeps the times it was not ready (an
 * answer other than 200, a refused connection, or no answer within the timeout: a paused process
 * does not answer). Bounded: it stops by itself after {@code maxDuration}.
 */
public final class ReadinessWatch implements AutoCloseable {

  private final HttpClient client;
  private final HttpRequest request;
  private final Duration interval;
  private final long deadlineNanos;
  private final List<Long> downTimes = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private long polls;

  private ReadinessWatch(String httpUrl, Duration interval, Duration timeout, Duration max) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.request =
        HttpRequest.newBuilder(URI.create(stripSlash(httpUrl) + "/ready"))
            .timeout(timeout)
            .GET()
            .build();
    this.interval = interval;
    this.deadlineNanos = System.nanoTime() + max.toNanos();
    this.thread = new Thread(this::run, "readiness-watch");
    thread.setDaemon(true);
  }

  /** Polls every 250 ms with a 1 s timeout, for at most {@code max}. */
  public static ReadinessWatch start(String httpUrl, Duration max) {
    return start(httpUrl, Duration.ofMillis(250), Duration.ofSeconds(1), max);
  }

  public static ReadinessWatch start(
      String httpUrl, Duration interval, Duration timeout, Duration max) {
    ReadinessWatch watch = new ReadinessWatch(httpUrl, interval, timeout, max);
    watch.thread.start();
    return watch;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private void run() {
    while (!stopped && System.nanoTime() < deadlineNanos) {
      long at = System.currentTimeMillis();
      boolean ready;
      try {
        ready = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        ready = false;
      }
      synchronized (this) {
        polls++;
        if (!ready) {
          downTimes.add(at);
        }
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Times (epoch ms) of the polls that found the service not ready. */
  public synchronized List<Long> downTimes() {
    return List.copyOf(downTimes);
  }

  public synchronized long polls() {
    return polls;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
