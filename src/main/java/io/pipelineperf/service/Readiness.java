package io.pipelineperf.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** Whether Kafka and PostgreSQL are reachable; the answer is cached for a second. */
public final class Readiness {
  private static final long CACHE_NANOS = Duration.ofSeconds(1).toNanos();

  /**
   * @param down what is unreachable, each with a short reason; empty when ready
   */
  public record Status(List<String> down) {
    public boolean ready() {
      return down.isEmpty();
    }
  }

  private final Admin admin;
  private final Database database;
  private Status cached;
  private long checkedAt;

  public Readiness(Admin admin, Database database) {
    this.admin = admin;
    this.database = database;
  }

  public synchronized Status status() {
    long now = System.nanoTime();
    if (cached == null || now - checkedAt > CACHE_NANOS) {
      cached = check();
      checkedAt = System.nanoTime();
    }
    return cached;
  }

  private Status check() {
    List<String> down = new ArrayList<>();
    try {
      admin.describeCluster().nodes().get(1500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      down.add("kafka: interrupted");
    } catch (Exception e) {
      down.add("kafka: " + e);
    }
    if (!database.isReachable()) {
      down.add("postgresql: no valid pooled connection within the pool's timeout");
    }
    return new Status(List.copyOf(down));
  }
}
