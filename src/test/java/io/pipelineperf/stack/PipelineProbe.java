package io.pipelineperf.stack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the pipeline did: rows per message id in PostgreSQL, and the consumer group's lag. */
final class PipelineProbe implements AutoCloseable {
  static final String GROUP = "pipeline-service";
  private final Stack stack;
  private final Admin admin;

  PipelineProbe(Stack stack) {
    this.stack = stack;
    this.admin = Admin.create(TopicCreator.adminProperties(stack.kafkaBootstrap()));
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", stack.dbUser());
    p.setProperty("password", stack.dbPassword());
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(stack.dbUrl(), p);
  }

  /** Rows in pipeline.messages per id (ids without rows are absent). */
  Map<UUID, Long> rowCounts(Collection<UUID> ids) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select message_id, count(*) from pipeline.messages"
                    + " where message_id = any(?) group by 1")) {
      Array array = c.createArrayOf("uuid", ids.toArray());
      s.setArray(1, array);
      Map<UUID, Long> counts = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
        }
      }
      return counts;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count rows: " + e, e);
    }
  }

  /**
   * The time each id was first written (the start of the transaction that wrote its first row:
   * {@code processed_at} defaults to {@code now()}); ids without rows are absent.
   */
  Map<UUID, Instant> firstWrittenAt(Collection<UUID> ids) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select message_id, min(processed_at) from pipeline.messages"
                    + " where message_id = any(?) group by 1")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      Map<UUID, Instant> first = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          first.put(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant());
        }
      }
      return first;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read processed_at: " + e, e);
    }
  }

  /**
   * Waits (bounded) until the service has written some of this load and Kafka has acknowledged at
   * least {@code atLeast} of its messages that are not written yet, with the load still running.
   * Returns the ids written at the last look.
   */
  Set<UUID> awaitAckedBeyondWritten(PipelineLoad load, int atLeast, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Set<UUID> acked = load.ackedSoFar();
      Set<UUID> written = rowCounts(acked).keySet();
      if (!written.isEmpty() && acked.size() - written.size() >= atLeast) {
        return written;
      }
      if (load.isDone() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "never "
                + atLeast
                + " acknowledged messages beyond the written ones while the load ran (last: "
                + acked.size()
                + " acknowledged, "
                + written.size()
                + " written)");
      }
      Thread.sleep(20);
    }
  }

  /** Sum of the group's committed offsets on the input topic (what it claims to have handled). */
  long committedOffsets() throws Exception {
    return admin
        .listConsumerGroupOffsets(GROUP)
        .partitionsToOffsetAndMetadata()
        .get(10, TimeUnit.SECONDS)
        .entrySet()
        .stream()
        .filter(e -> e.getKey().topic().equals(stack.topics().input()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  /** Committed-offset lag of the service's group on the input topic, summed over partitions. */
  long lag() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(GROUP)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> ends = endOffsets(OffsetSpec.latest());
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += e.getValue().offset() - (c == null ? 0 : c.offset());
    }
    return lag;
  }

  private Map<TopicPartition, ListOffsetsResultInfo> endOffsets(OffsetSpec spec) throws Exception {
    String topic = stack.topics().input();
    int partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(10, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int i = 0; i < partitions; i++) {
      request.put(new TopicPartition(topic, i), spec);
    }
    return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
  }

  /** Waits until the group has committed everything in the input topic. */
  void awaitDrained(Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    long lag = -1;
    while (System.nanoTime() < deadline) {
      lag = lag();
      if (lag == 0) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("consumer group " + GROUP + " still lags by " + lag + " after " + max);
  }

  /** Waits until every id has at least one row, bounded; returns the last counts. */
  Map<UUID, Long> awaitAllWritten(Collection<UUID> ids, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    Map<UUID, Long> counts = rowCounts(ids);
    while (counts.size() < ids.size() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      counts = rowCounts(ids);
    }
    return counts;
  }

  /** Resets the (empty) group's committed offsets on the input topic to the earliest offsets. */
  void resetGroupToEarliest() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> earliest =
        endOffsets(OffsetSpec.earliest()).entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
    admin.alterConsumerGroupOffsets(GROUP, earliest).all().get(30, TimeUnit.SECONDS);
  }

  static long lost(Collection<UUID> ids, Map<UUID, Long> counts) {
    return ids.stream().filter(id -> !counts.containsKey(id)).count();
  }

  static long duplicated(Map<UUID, Long> counts) {
    return counts.values().stream().filter(c -> c > 1).count();
  }

  @Override
  public void close() {
    admin.close();
  }
}
