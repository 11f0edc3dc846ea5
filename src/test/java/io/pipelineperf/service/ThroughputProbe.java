package io.pipelineperf.service;

import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.StackConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Rough max throughput of the service's consumer path (messages/s into PostgreSQL): preloads N
 * messages (~1 KB) into the input topic with the service stopped, starts the service, and samples
 * the row count of pipeline.messages until all are in. Not a test: run by hand, e.g. {@code java
 * -cp <test classpath> io.pipelineperf.service.ThroughputProbe 200000 [key=value service
 * settings]}.
 */
public final class ThroughputProbe {
  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", PipelineService.LOGBACK_CONFIG);
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    StackConfig config =
        StackConfig.defaults()
            .withRunDir(Path.of("target", "it-runs", "ThroughputProbe"))
            .withService(false);
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      config = config.withServiceProperty(kv[0], kv[1]);
    }
    try (EmbeddedStack stack = EmbeddedStack.start(config)) {
      preload(stack, total);
      double brokerCpu0 = cpuSeconds(stack.broker().pid());
      double pgCpu0 = cpuSeconds(stack.postgres().pid());
      long t0 = System.nanoTime();
      stack.service().start();
      double serviceCpu0 = cpuSeconds(stack.service().pid());
      System.out.printf("service started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      try (Connection c =
              DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
          Statement s = c.createStatement()) {
        long start = System.nanoTime();
        long firstAt = 0;
        long firstCount = 0;
        long count = 0;
        long deadline = start + 600_000_000_000L;
        while (count < total && System.nanoTime() < deadline) {
          Thread.sleep(1000);
          try (ResultSet rs = s.executeQuery("select count(*) from pipeline.messages")) {
            rs.next();
            count = rs.getLong(1);
          }
          long now = System.nanoTime();
          if (firstAt == 0 && count > 0) {
            firstAt = now;
            firstCount = count;
            serviceCpu0 = cpuSeconds(stack.service().pid());
            brokerCpu0 = cpuSeconds(stack.broker().pid());
            pgCpu0 = cpuSeconds(stack.postgres().pid());
          }
          System.out.printf("t=%5.1f s rows=%d%n", (now - start) / 1e9, count);
        }
        double seconds = (System.nanoTime() - firstAt) / 1e9;
        double service = cpuSeconds(stack.service().pid()) - serviceCpu0;
        double broker = cpuSeconds(stack.broker().pid()) - brokerCpu0;
        double pg = cpuSeconds(stack.postgres().pid()) - pgCpu0;
        long measured = count - firstCount;
        System.out.printf(
            "CPU per message after the first row: service %.0f us, broker %.0f us, postgres %.0f us,"
                + " total %.0f us => about %.0f msg/s if these three had 2 cores to themselves%n",
            service * 1e6 / measured,
            broker * 1e6 / measured,
            pg * 1e6 / measured,
            (service + broker + pg) * 1e6 / measured,
            2 * measured / (service + broker + pg));
        System.out.printf(
            "THROUGHPUT %d messages in %.1f s after the first row: %.0f msg/s (settings %s)%n",
            count - firstCount,
            seconds,
            (count - firstCount) / seconds,
            config.serviceProperties());
      }
    }
  }

  /** CPU seconds (user + system) of a process and all its descendants, from /proc. */
  static double cpuSeconds(long pid) throws java.io.IOException {
    double total = 0;
    java.util.List<Long> pids = new java.util.ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    for (long p : pids) {
      java.nio.file.Path stat = java.nio.file.Path.of("/proc", Long.toString(p), "stat");
      if (!java.nio.file.Files.exists(stat)) {
        continue;
      }
      String text = java.nio.file.Files.readString(stat);
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in ticks
    }
    return total;
  }

  private static void preload(EmbeddedStack stack, int total) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    String note = "x".repeat(850);
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < total; i++) {
        String customer = String.format("C-%06d", i % 1000);
        String json =
            PipelineClient.message(UUID.randomUUID(), customer, "12.50")
                .replace("\"it\"", "\"" + note + "\"");
        producer.send(
            new ProducerRecord<>(
                stack.topics().input(),
                customer.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
    System.out.printf("preloaded %d messages in %.1f s%n", total, (System.nanoTime() - t0) / 1e9);
  }
}
