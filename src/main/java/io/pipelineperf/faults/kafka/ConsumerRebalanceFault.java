package io.pipelineperf.faults.kafka;

import io.pipelineperf.faults.BackgroundLoop;
import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.SimpleFault;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code consumer-rebalance}: outside consumers join the service's consumer group and leave it
 * again, over and over, each join and each leave forcing a rebalance of the service's consumers.
 *
 * <p>They must not steal data: an intruder pauses every partition it is assigned (so it fetches
 * nothing), never commits (auto-commit off) and leaves with a plain close. While it holds a
 * partition, that partition simply waits; after it leaves, the service's consumers take the
 * partition back at the group's last committed offset. So the service sees rebalances (revocations,
 * reassignment, batches whose commit may fail) but every message still reaches it.
 */
public final class ConsumerRebalanceFault extends SimpleFault {
  public static final String ID = "consumer-rebalance";
  private static final Duration STAY = Duration.ofSeconds(3);
  private static final Duration AWAY = Duration.ofSeconds(2);
  private static final int INTRUDERS = 2;
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private final AtomicInteger joins = new AtomicInteger();
  private final AtomicInteger partitionsTaken = new AtomicInteger();
  private BackgroundLoop loop;

  public ConsumerRebalanceFault(FaultContext context) {
    super(
        ID,
        INTRUDERS
            + " outside consumers join the service's group '"
            + context.serviceGroup()
            + "' on '"
            + context.topics().input()
            + "', hold their share of partitions for "
            + STAY.toSeconds()
            + " s without fetching or committing, leave, and rejoin "
            + AWAY.toSeconds()
            + " s later, until healed: a rebalance every few seconds.",
        "the service keeps processing between rebalances, commits only what it wrote, and a batch"
            + " whose partitions were revoked mid-way is redelivered and skipped as duplicates:"
            + " nothing lost, nothing written twice; throughput recovers after heal",
        context);
  }

  /** Times an intruder joined the group. */
  public int joins() {
    return joins.get();
  }

  /** Partitions the intruders were assigned (and held idle), summed over joins. */
  public int partitionsTaken() {
    return partitionsTaken.get();
  }

  @Override
  public Optional<String> skipReason() {
    return Optional.empty(); // only needs the broker
  }

  @Override
  public synchronized void inject() {
    if (loop != null) {
      return;
    }
    loop = BackgroundLoop.start("fault-" + ID, context.maxHold(), this::round, () -> {});
  }

  /** One join-hold-leave cycle of all intruders. */
  private void round() throws InterruptedException {
    List<KafkaConsumer<byte[], byte[]>> intruders =
        java.util.stream.IntStream.range(0, INTRUDERS).mapToObj(this::intruder).toList();
    try {
      long until = System.nanoTime() + STAY.toNanos();
      while (System.nanoTime() < until) {
        for (KafkaConsumer<byte[], byte[]> c : intruders) {
          c.poll(Duration.ofMillis(100)); // keeps it in the group; paused partitions fetch nothing
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } finally {
      boolean interrupted = Thread.interrupted(); // an interrupted close would not leave cleanly
      intruders.forEach(c -> c.close(Duration.ofSeconds(5))); // leave: no commit
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Thread.sleep(AWAY.toMillis());
  }

  private KafkaConsumer<byte[], byte[]> intruder(int index) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                context.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                context.serviceGroup(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                "pipeline-faults-rebalancer-" + index,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    consumer.subscribe(
        List.of(context.topics().input()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            if (!partitions.isEmpty()) {
              partitionsTaken.addAndGet(partitions.size());
            }
          }

          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to commit: nothing was consumed
          }
        });
    joins.incrementAndGet();
    return consumer;
  }

  @Override
  public synchronized void heal() {
    if (loop == null) {
      return;
    }
    BackgroundLoop running = loop;
    loop = null;
    if (!running.stop(STOP_BOUND)) {
      throw new FaultException(ID + ": the intruding consumers did not leave within " + STOP_BOUND);
    }
  }
}
