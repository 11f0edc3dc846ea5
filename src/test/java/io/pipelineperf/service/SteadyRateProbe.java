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
 * Steady-rate check of the running service: sends ~1 KB messages at a fixed rate for a while (open
 * model, paced every 10 ms) and reports whether the service kept up (rows vs sent, time to drain
 * after the end) and the CPU per message of service, broker and PostgreSQL. Not a test: run by
 * hand, e.g. {@code java -cp <test classpath> io.pipelineperf.service.SteadyRateProbe 8000 30
 * [key=value service settings]}.
 */
public final class SteadyRateProbe {
  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", PipelineService.LOGBACK_CONFIG);
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    StackConfig config =
        StackConfig.defaults().withRunDir(Path.of("target", "it-runs", "SteadyRateProbe"));
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      config = config.withServiceProperty(kv[0], kv[1]);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (EmbeddedStack stack = EmbeddedStack.start(config);
        Connection c =
            DriverManager.getConnection(stack.dbUrl(), stack.dbUser(), stack.dbPassword());
        Statement s = c.createStatement()) {
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
      String note = "x".repeat(850);
      long sent = 0;
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
        double svc0 = ThroughputProbe.cpuSeconds(stack.service().pid());
        double brk0 = ThroughputProbe.cpuSeconds(stack.broker().pid());
        double pg0 = ThroughputProbe.cpuSeconds(stack.postgres().pid());
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextReport = start + 5_000_000_000L;
        while (System.nanoTime() < end) {
          long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
          for (; sent < due; sent++) {
            String customer = String.format("C-%06d", sent % 1000);
            String json =
                PipelineClient.message(UUID.randomUUID(), customer, "12.50")
                    .replace("\"it\"", "\"" + note + "\"");
            producer.send(
                new ProducerRecord<>(
                    stack.topics().input(),
                    customer.getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
          }
          if (System.nanoTime() > nextReport) {
            System.out.printf("sent=%d rows=%d%n", sent, rows(s));
            nextReport += 5_000_000_000L;
          }
          Thread.sleep(10);
        }
        producer.flush();
        long sentAt = System.nanoTime();
        long rowsAtEnd = rows(s);
        long drainDeadline = sentAt + 120_000_000_000L;
        while (rows(s) < sent && System.nanoTime() < drainDeadline) {
          Thread.sleep(200);
        }
        double drain = (System.nanoTime() - sentAt) / 1e9;
        double svc = ThroughputProbe.cpuSeconds(stack.service().pid()) - svc0;
        double brk = ThroughputProbe.cpuSeconds(stack.broker().pid()) - brk0;
        double pg = ThroughputProbe.cpuSeconds(stack.postgres().pid()) - pg0;
        System.out.printf(
            "RATE %d msg/s for %d s: sent %d, rows when sending stopped %d, drained %.1f s later;"
                + " CPU per message: service %.0f us, broker %.0f us (incl. this producer's"
                + " traffic), postgres %.0f us (settings %s)%n",
            rate,
            seconds,
            sent,
            rowsAtEnd,
            drain,
            svc * 1e6 / sent,
            brk * 1e6 / sent,
            pg * 1e6 / sent,
            config.serviceProperties());
      }
    }
  }

  private static long rows(Statement s) throws Exception {
    try (ResultSet rs = s.executeQuery("select count(*) from pipeline.messages")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
