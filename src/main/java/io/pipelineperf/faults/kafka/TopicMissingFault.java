package io.pipelineperf.faults.kafka;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code topic-missing}: the input topic is deleted (with its data); heal creates it again with the
 * same partition count. Deletion is asynchronous in Kafka: inject waits until the topic is gone,
 * heal retries the creation while the old one is still being removed.
 */
public final class TopicMissingFault extends SimpleFault {
  public static final String ID = "topic-missing";
  private static final Duration BOUND = Duration.ofSeconds(60);

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
            + " Messages still unconsumed in the deleted topic are gone with it (an operator's data"
            + " loss, not counted against the service); every message acknowledged after heal is"
            + " processed exactly once",
        context);
  }

  @Override
  public Optional<String> skipReason() {
    return Optional.empty(); // only needs the broker's admin API
  }

  @Override
  public boolean destroysUnconsumedInput() {
    return true;
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
      try {
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
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

  @Override
  public void heal() {
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
