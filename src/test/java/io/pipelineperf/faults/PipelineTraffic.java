package io.pipelineperf.faults;

import io.pipelineperf.stack.Stack;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test traffic and probes for the fault IT: a trickle of valid messages in the background, a "does
 * it flow" check (fresh messages must reach pipeline.messages exactly once), the service's /ready,
 * a raw Kafka ApiVersions round trip and a JDBC login through a given port.
 */
final class PipelineTraffic implements AutoCloseable {
  private final Stack stack;
  private final KafkaProducer<String, byte[]> producer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicLong trickleAcked = new AtomicLong();
  private final AtomicLong trickleFailed = new AtomicLong();
  private final Thread trickle;
  private volatile boolean closing;

  PipelineTraffic(Stack stack, int perSecond) {
    this.stack = stack;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
    this.trickle = new Thread(() -> trickle(perSecond), "fault-it-trickle");
    trickle.setDaemon(true);
    trickle.start();
  }

  private void trickle(int perSecond) {
    long period = 1000L / perSecond;
    int i = 0;
    while (!closing && i < 1_000_000) {
      try {
        producer.send(
            record(UUID.randomUUID(), i++),
            (md, e) -> (e == null ? trickleAcked : trickleFailed).incrementAndGet());
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        trickleFailed.incrementAndGet(); // e.g. metadata timeout while the topic is missing
      }
    }
  }

  private ProducerRecord<String, byte[]> record(UUID id, int i) {
    String customer = String.format(Locale.ROOT, "C-%04d", i % 53);
    String json =
        String.format(
            Locale.ROOT,
            "{\"id\":\"%s\",\"customer\":\"%s\",\"amount\":%d.25,\"currency\":\"EUR\","
                + "\"createdAt\":\"%s\",\"note\":\"fault-it\"}",
            id,
            customer,
            1 + i % 900,
            Instant.now());
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(
            stack.topics().input(), customer, json.getBytes(StandardCharsets.UTF_8));
    r.headers().add("message-id", id.toString().getBytes(StandardCharsets.UTF_8));
    return r;
  }

  long trickleAcked() {
    return trickleAcked.get();
  }

  long trickleFailed() {
    return trickleFailed.get();
  }

  /** Sends {@code count} fresh messages (acked) and waits until each has exactly one row. */
  void assertFlows(int count, Duration max) throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      producer.send(record(id, i)).get(30, TimeUnit.SECONDS);
      ids.add(id);
    }
    long deadline = System.nanoTime() + max.toNanos();
    Map<UUID, Long> counts = rowCounts(ids);
    while (counts.size() < ids.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      counts = rowCounts(ids);
    }
    if (counts.size() < ids.size()) {
      throw new AssertionError(
          (ids.size() - counts.size())
              + " of "
              + ids.size()
              + " fresh messages not written within "
              + max);
    }
    if (counts.values().stream().anyMatch(c -> c != 1)) {
      throw new AssertionError("fresh messages written more than once: " + counts);
    }
  }

  Map<UUID, Long> rowCounts(Collection<UUID> ids) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", stack.dbUser());
    p.setProperty("password", stack.dbPassword());
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "30");
    try (Connection c = DriverManager.getConnection(stack.dbUrl(), p);
        PreparedStatement s =
            c.prepareStatement(
                "select message_id, count(*) from pipeline.messages where message_id = any(?)"
                    + " group by 1")) {
      Array array = c.createArrayOf("uuid", ids.toArray());
      s.setArray(1, array);
      Map<UUID, Long> counts = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
        }
      }
      return counts;
    }
  }

  /** The service's GET /ready status, or -1 if it does not answer within 2 s. */
  int readyStatus() {
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/ready"))
              .timeout(Duration.ofSeconds(2))
              .GET()
              .build();
      return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Milliseconds for one Kafka ApiVersions request/response on 127.0.0.1:port (through a proxy if
   * that is one), or -1 if no answer came within {@code timeout}.
   */
  static long kafkaRoundTripMillis(int port, Duration timeout) {
    long t0 = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(10); // size of: api key, version, correlation id, null client id
      out.writeShort(18); // ApiVersions
      out.writeShort(0);
      out.writeInt(7);
      out.writeShort(-1);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int size = in.readInt();
      in.readFully(new byte[size]);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Whether a JDBC login to 127.0.0.1:port succeeds within about 3 s. */
  boolean dbLoginWorks(int port) {
    Properties p = new Properties();
    p.setProperty("user", stack.dbUser());
    p.setProperty("password", stack.dbPassword());
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "3");
    p.setProperty("socketTimeout", "3");
    try (Connection c =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p)) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closing = true;
    trickle.interrupt();
    try {
      trickle.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
