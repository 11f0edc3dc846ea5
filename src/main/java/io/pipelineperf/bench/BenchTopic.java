package io.pipelineperf.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topic of ProducerPerformance and the ack-only steps: 6 partitions like the input topic, small
 * retention (256 MB and 5 min per partition); no consumer reads it, so the service idles beside
 * them.
 */
final class BenchTopic {

  static final int PARTITIONS = 6;

  private BenchTopic() {}

  static void create(String bootstrap, String name) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    try (Admin admin = Admin.create(p)) {
      NewTopic topic =
          new NewTopic(name, PARTITIONS, (short) 1)
              .configs(
                  Map.of(
                      "retention.bytes", "268435456",
                      "segment.bytes", "67108864",
                      "retention.ms", "300000",
                      "min.insync.replicas", "1"));
      admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + name + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating " + name + " took more than 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + name, e);
    }
  }
}
