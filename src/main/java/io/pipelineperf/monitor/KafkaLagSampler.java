package io.pipelineperf.monitor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Consumer-group lag (lag.*): per partition end offset minus committed offset, their total, and the
 * group's member count. Read-only: it never joins the group.
 */
public final class KafkaLagSampler implements Sampler {

  private static final Duration PARTITION_REFRESH = Duration.ofSeconds(10);

  private final String bootstrap;
  private final String group;
  private final String topic;
  private final long timeoutMs;
  private final Properties adminProps = new Properties();
  private final TcpProbe probe;
  private Admin admin;
  private List<TopicPartition> partitions = List.of();
  private long partitionsReadAtNanos;

  public KafkaLagSampler(String bootstrap, String group, String topic, Duration timeout) {
    this.bootstrap = bootstrap;
    this.group = group;
    this.topic = topic;
    this.timeoutMs = timeout.toMillis();
    Properties props = adminProps;
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-perf-monitor");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    // one reconnect attempt per second at most: each failed attempt is a WARN line of the client
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 1000);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.probe = new TcpProbe(bootstrap, (int) Math.min(timeoutMs, 1000));
  }

  @Override
  public String name() {
    return "kafka lag";
  }

  @Override
  public String source() {
    return bootstrap + " group " + group + " topic " + topic;
  }

  @Override
  public void sample(Map<String, Double> into) throws Exception {
    // An admin client whose broker is gone logs a WARN per reconnect attempt: probe with plain
    // TCP first, and hold an admin client only while the broker accepts connections, so an
    // outage costs the monitor's own single warning.
    try {
      probe.check();
    } catch (java.net.ConnectException e) {
      closeAdmin();
      throw e;
    }
    if (admin == null) {
      admin = Admin.create(adminProps);
      partitions = List.of();
    }
    List<TopicPartition> tps = partitions();
    Map<TopicPartition, Long> end = offsets(tps, OffsetSpec.latest());
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> start = Map.of();
    if (tps.stream().anyMatch(tp -> committed.get(tp) == null)) {
      // never committed: the group will start at the earliest offset, so that is its lag base
      start = offsets(tps, OffsetSpec.earliest());
    }
    double total = 0;
    double endTotal = 0;
    for (TopicPartition tp : tps) {
      long endOffset = end.getOrDefault(tp, 0L);
      OffsetAndMetadata c = committed.get(tp);
      long base = c != null ? c.offset() : start.getOrDefault(tp, 0L);
      long lag = Math.max(0, endOffset - base);
      into.put("lag.p" + tp.partition(), (double) lag);
      total += lag;
      endTotal += endOffset;
    }
    into.put("lag.total", total);
    into.put("lag.endOffsets", endTotal);
    // read every tick: a rebalance (members leaving and coming back) is what the fault analysis
    // looks for, and a cached count would hide it for seconds
    into.put("lag.members", (double) readMembers());
  }

  private int readMembers() throws Exception {
    try {
      ConsumerGroupDescription d =
          await(admin.describeConsumerGroups(List.of(group)).all()).get(group);
      return d == null ? 0 : d.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  private List<TopicPartition> partitions() throws Exception {
    long now = System.nanoTime();
    if (partitions.isEmpty() || now - partitionsReadAtNanos > PARTITION_REFRESH.toNanos()) {
      TopicDescription d = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
      partitions =
          d.partitions().stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toList());
      partitionsReadAtNanos = now;
    }
    return partitions;
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> tps, OffsetSpec spec)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    tps.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResultInfo> result = await(admin.listOffsets(request).all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> future)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
  }

  @Override
  public void close() {
    closeAdmin();
  }
}
