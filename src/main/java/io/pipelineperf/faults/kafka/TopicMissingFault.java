package io.pipelineperf.faults.kafka;

import io.pipelineperf.faults.DeletedInput;
import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code topic-missing}: the input topic is deleted (with its data); heal creates it again with the
 * same partition count. Deletion is asynchronous in Kafka: inject waits until the topic is gone,
 * heal retries the creation while the old one is still being removed.
 *
 * <p>Right before deleting (and once more right after, while the broker may still have them) it
 * reads the service group's committed offsets of the topic: what lay at or beyond them had not been
 * consumed and is gone with the topic ({@link #deletedInputs()}); what lay below had been consumed,
 * so a message of it missing from the database is the service's loss.
 */
public final class TopicMissingFault extends SimpleFault {
  public static final String ID = "topic-missing";
  private static final Duration BOUND = Duration.ofSeconds(60);
  private volatile DeletedInput deleted;

  public TopicMissingFault(FaultContext context) {
    super(
        ID,
        "deletes the input topic '"
            + context.topics().input()
            + "' (and the messages in it) with AdminClient; heal recreates it with "
            + context.topics().partitions()
            + " partitions.",
        "the service neither crashes nor dead-letters anything nor needs a restart: it keeps"
            + " polling, logs the missing topic, and consumes the recreated topic from its start"
            + " within its metadata refresh; producers see unknown-topic errors/timeouts meanwhile."
            + " Messages at or beyond the service group's committed offsets when the topic was"
            + " deleted are gone with it (an operator's data loss, not counted against the"
            + " service); every message below them, and every one acknowledged after heal, is"
            + " processed exactly once",
        context);
  }

  @Override
  public Optional<String> skipReason() {
    return Optional.empty(); // only needs the broker's admin API
  }

  @Override
  public List<DeletedInput> deletedInputs() {
    DeletedInput d = deleted;
    return d == null ? List.of() : List.of(d);
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            context.kafkaBootstrap(),
            AdminClientConfig.CLIENT_ID_CONFIG,
            "pipeline-faults-" + ID,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000));
  }

  @Override
  public void inject() {
    String topic = context.topics().input();
    try (Admin admin = admin()) {
      Optional<Map<Integer, Long>> committed = committedOffsets(admin, topic);
      long deletedAt = System.currentTimeMillis();
      try {
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      // the service may have committed more between the read and the deletion
      Optional<Map<Integer, Long>> after = committedOffsets(admin, topic);
      Map<Integer, Long> offsets = new HashMap<>(committed.orElse(Map.of()));
      after.ifPresent(a -> a.forEach((p, o) -> offsets.merge(p, o, Math::max)));
      deleted =
          new DeletedInput(
              ID,
              topic,
              context.serviceGroup(),
              offsets,
              committed.isPresent() && !offsets.isEmpty(),
              deletedAt,
              null);
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
        if (System.nanoTime() > deadline) {
          throw new FaultException(ID + ": topic " + topic + " still listed after " + BOUND);
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException(ID + ": interrupted", e);
    } catch (Exception e) {
      throw new FaultException(ID + ": deleting topic " + topic + " failed: " + e, e);
    }
  }

  /**
   * The service group's committed offset of each partition of the topic; empty when they cannot be
   * read.
   */
  private Optional<Map<Integer, Long>> committedOffsets(Admin admin, String topic)
      throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> all =
          admin
              .listConsumerGroupOffsets(context.serviceGroup())
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<Integer, Long> offsets = new HashMap<>();
      all.forEach(
          (tp, om) -> {
            if (om != null && tp.topic().equals(topic)) {
              offsets.put(tp.partition(), om.offset());
            }
          });
      return Optional.of(offsets);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      System.out.println(
          "[fault] "
              + ID
              + ": cannot read the committed offsets of group "
              + context.serviceGroup()
              + " ("
              + e
              + "): no lost message can be proven destroyed with the topic");
      return Optional.empty();
    }
  }

  @Override
  public void heal() {
    DeletedInput d = deleted;
    if (d != null && d.recreatedAtMs() == null) {
      deleted = d.recreated(System.currentTimeMillis());
    }
    String topic = context.topics().input();
    NewTopic newTopic = new NewTopic(topic, context.topics().partitions(), (short) 1);
    long deadline = System.nanoTime() + BOUND.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
          return; // present (never deleted, or created already)
        }
        try {
          admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          // the old topic is still being removed ("marked for deletion"): try again
          if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
            throw new FaultException(ID + ": recreating topic " + topic + " failed: " + e, e);
          }
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException(ID + ": interrupted", e);
    } catch (FaultException e) {
      throw e;
    } catch (Exception e) {
      throw new FaultException(ID + ": recreating topic " + topic + " failed: " + e, e);
    }
  }
}
