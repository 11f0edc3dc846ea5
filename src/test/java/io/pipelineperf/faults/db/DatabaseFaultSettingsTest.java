package io.pipelineperf.faults.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad settings fail at construction, naming the fault and the fix; nothing connects: the faults
 * point at a loopback listener that counts every connection attempt, and none may arrive.
 */
class DatabaseFaultSettingsTest {
  private static ConnectionCounter listener;
  private static PostgresAdmin db;

  @BeforeAll
  static void listen() throws IOException {
    listener = ConnectionCounter.start();
    db =
        new PostgresAdmin(
            "jdbc:postgresql://127.0.0.1:" + listener.port() + "/postgres", "postgres", "postgres");
  }

  @AfterAll
  static void stopListening() {
    listener.close();
  }

  @AfterEach
  void nothingConnected() {
    assertThat(listener.accepted()).as("connections to the database").isZero();
  }

  @Test
  void adminNeedsAPostgresUrlAndAUser() {
    assertThatThrownBy(() -> new PostgresAdmin("jdbc:mysql://x/y", "u", "p"))
        .hasMessageContaining("jdbc:postgresql://");
    assertThatThrownBy(() -> new PostgresAdmin("jdbc:postgresql://x/y", " ", "p"))
        .hasMessageContaining("superuser");
  }

  @Test
  void procedureErrorNeedsAnErrorSqlStateAndAFraction() {
    assertThatThrownBy(() -> new ProcedureErrorFault(db, "4001", 1))
        .hasMessageContaining("db-procedure-error")
        .hasMessageContaining("SQLSTATE");
    assertThatThrownBy(() -> new ProcedureErrorFault(db, "01000", 1))
        .hasMessageContaining("not an error code");
    assertThatThrownBy(() -> new ProcedureErrorFault(db, "40001", 0))
        .hasMessageContaining("probability");
    assertThatThrownBy(() -> new ProcedureErrorFault(db, "40001", 1.5))
        .hasMessageContaining("probability");
    assertThat(new ProcedureErrorFault(db, "PB001", 0.5).handledMeans()).contains("dead-lettered");
    assertThat(new ProcedureErrorFault(db, "40001", 0.5).handledMeans()).contains("retried");
  }

  @Test
  void slowAndTimeoutNeedPositiveDurations() {
    assertThatThrownBy(() -> new ProcedureSlowFault(db, Duration.ZERO, 1))
        .hasMessageContaining("db-slow");
    assertThatThrownBy(() -> new StatementTimeoutFault(db, Duration.ZERO, 1))
        .hasMessageContaining("db-statement-timeout");
    StatementTimeoutFault fault = new StatementTimeoutFault(db, Duration.ofMillis(100), 1);
    assertThat(fault.procedureSleep()).isGreaterThan(Duration.ofMillis(100));
  }

  @Test
  void serviceFaultsNeedTheServicesApplicationNameAndABoundedHold() {
    assertThatThrownBy(() -> ConnectionsKilledFault.once(db, ""))
        .hasMessageContaining("application_name");
    assertThatThrownBy(() -> ConnectionsKilledFault.once(db, PostgresAdmin.APPLICATION_NAME))
        .hasMessageContaining("faults' own");
    assertThatThrownBy(
            () ->
                ConnectionsKilledFault.repeatedly(
                    db, "pipeline-service", Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new DeadlockFault(db, "pipeline-service", Duration.ZERO))
        .hasMessageContaining("hold");
    assertThatThrownBy(() -> new PoolExhaustionFault(db, "pipeline-service", Duration.ofDays(2)))
        .hasMessageContaining("hold");
  }

  @Test
  void healBeforeInjectDoesNothingForTheLoopingFaults() {
    DeadlockFault deadlock = new DeadlockFault(db, "pipeline-service", Duration.ofSeconds(1));
    PoolExhaustionFault pool =
        new PoolExhaustionFault(db, "pipeline-service", Duration.ofSeconds(1));
    ConnectionsKilledFault killed = ConnectionsKilledFault.once(db, "pipeline-service");
    for (int i = 0; i < 2; i++) { // and healing twice is the same
      deadlock.heal();
      pool.heal();
      killed.heal();
    }
    assertThat(deadlock.rounds()).isZero();
    assertThat(deadlock.deadlocks()).isZero();
    assertThat(deadlock.lastError()).isEmpty();
    assertThat(pool.slotsHeld()).isZero();
    assertThat(pool.terminated()).isZero();
    assertThat(killed.terminated()).isZero();
  }

  /** The counter itself sees a connection attempt (else "none arrived" would prove nothing). */
  @Test
  void theCounterSeesAConnectionAttempt() throws Exception {
    try (ConnectionCounter other = ConnectionCounter.start();
        Socket s = new Socket("127.0.0.1", other.port())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (other.accepted() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(other.accepted()).isEqualTo(1);
    }
  }

  /** A loopback listener that accepts and closes connections, counting them. */
  private static final class ConnectionCounter implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();

    private ConnectionCounter(ServerSocket socket) {
      this.socket = socket;
      Thread t = new Thread(this::acceptAll, "connection-counter");
      t.setDaemon(true);
      t.start();
    }

    static ConnectionCounter start() throws IOException {
      return new ConnectionCounter(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    private void acceptAll() {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          accepted.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
