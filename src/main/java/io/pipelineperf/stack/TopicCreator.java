package io.pipelineperf.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the pipeline's topics when they do not exist yet. */
final class TopicCreator {
  private TopicCreator() {}

  static Properties adminProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-perf-stack");
    return p;
  }

  /** Returns the topics that were created (the others already existed). */
  static List<String> createMissing(String bootstrap, Topics topics, short replicationFactor) {
    List<String> created = new ArrayList<>();
    try (Admin admin = Admin.create(adminProperties(bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      for (String name : List.of(topics.input(), topics.outcomes(), topics.dlq())) {
        if (existing.contains(name)) {
          continue;
        }
        NewTopic topic =
            new NewTopic(name, topics.partitions(), replicationFactor)
                .configs(Map.of("min.insync.replicas", "1"));
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          created.add(name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new StackStartException(
                "cannot create topic " + name + " on " + bootstrap + ": " + e.getCause(), e);
          }
        }
      }
      awaitListed(admin, List.of(topics.input(), topics.outcomes(), topics.dlq()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new StackStartException("cannot list topics on " + bootstrap + " within 30 s: " + e, e);
    }
    return created;
  }

  /** createTopics can return before the broker's metadata lists the topic: wait, bounded. */
  private static void awaitListed(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Set<String> listed = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    while (!listed.containsAll(names)) {
      if (System.nanoTime() > deadline) {
        throw new StackStartException(
            "topics " + names + " were created but are not listed by the broker after 30 s");
      }
      Thread.sleep(100);
      listed = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }
}
