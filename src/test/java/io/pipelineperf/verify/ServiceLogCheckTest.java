package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines in the reference service's real format (copied from its ConsumerWorker log calls). */
class ServiceLogCheckTest {

  private static final String TRANSIENT =
      "19:40:12.713 WARN  [pipeline-consumer-2] ConsumerWorker - consumer-2: writing a batch of 38"
          + " failed (transient, SQLSTATE 08001: pipeline - Connection is not available, request"
          + " timed out after 2008ms (total=0, active=0, idle=0, waiting=2)); retry 1 in 100 ms"
          + " with partitions paused: check PostgreSQL is up and db.poolSize is large enough";
  private static final String FATAL =
      "19:40:13.000 ERROR [pipeline-consumer-0] ConsumerWorker - consumer-0: writing a batch of 5"
          + " failed (fatal, SQLSTATE 42883: function pipeline.process_message does not exist);"
          + " retrying every 5000 ms with partitions paused: check the schema, permissions and"
          + " db.url (Flyway migrations in db/migration)";
  private static final String NO_CLASS =
      "19:40:11.500 WARN  [pipeline-consumer-1] ConsumerWorker - consumer-1: publishing"
          + " outcomes/dead letters failed (timeout); the batch is not committed and will be"
          + " re-read in 100 ms (its writes are idempotent): check the Kafka broker";
  private static final String NO_HINT =
      "19:40:11.800 WARN  [pipeline-consumer-1] ConsumerWorker - consumer-1: writing a batch of"
          + " 14 failed (transient, SQLSTATE 40P01: ERROR: deadlock detected Hint: See server log"
          + " for query details.)";
  private static final String INFO =
      "19:40:11.000 INFO  [main] PipelineService - transient state: check nothing";

  private static final ServiceLogCheck UTC = new ServiceLogCheck(ZoneOffset.UTC, 0);

  private static long utc(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static final FaultWindow WINDOW =
      new FaultWindow(utc("2026-11-26T19:40:10Z"), utc("2026-11-26T19:40:20Z"));

  @Test
  void findsTheFirstLineWithClassAndHintInTheWindow() {
    ServiceLogCheck.LoggedFault r =
        UTC.check(List.of(INFO, NO_CLASS, NO_HINT, TRANSIENT, FATAL), WINDOW);

    assertThat(r.logged()).isTrue();
    assertThat(r.errorClass()).isEqualTo("transient");
    assertThat(r.at()).isEqualTo(utc("2026-11-26T19:40:12.713Z"));
    assertThat(r.line()).isEqualTo(TRANSIENT);
    assertThat(r.errorLinesInWindow()).isEqualTo(4);
    assertThat(r.firstErrorLine()).isEqualTo(NO_CLASS);
  }

  @Test
  void aFatalLineCounts() {
    ServiceLogCheck.LoggedFault r = UTC.check(List.of(FATAL), WINDOW);

    assertThat(r.errorClass()).isEqualTo("fatal");
  }

  @Test
  void linesWithoutClassOrWithoutHintDoNotCount() {
    ServiceLogCheck.LoggedFault r = UTC.check(List.of(INFO, NO_CLASS, NO_HINT), WINDOW);

    assertThat(r.logged()).isFalse();
    assertThat(r.errorClass()).isNull();
    assertThat(r.line()).isNull();
    assertThat(r.errorLinesInWindow()).isEqualTo(2);
    assertThat(r.firstErrorLine()).isEqualTo(NO_CLASS);
  }

  @Test
  void linesOutsideTheWindowDoNotCountUnlessWithinTheGrace() {
    FaultWindow earlier = new FaultWindow(utc("2026-11-26T19:40:00Z"), utc("2026-11-26T19:40:11Z"));

    assertThat(UTC.check(List.of(TRANSIENT), earlier).logged()).isFalse();
    assertThat(UTC.check(List.of(TRANSIENT), earlier).errorLinesInWindow()).isZero();
    assertThat(
            new ServiceLogCheck(ZoneOffset.UTC, 2000).check(List.of(TRANSIENT), earlier).logged())
        .isTrue();
    FaultWindow later = new FaultWindow(utc("2026-11-26T19:40:13Z"), utc("2026-11-26T19:40:20Z"));
    assertThat(UTC.check(List.of(TRANSIENT), later).logged()).isFalse();
  }

  @Test
  void timesOfDayArePlacedOnTheDateNearestTheWindow() {
    FaultWindow overMidnight =
        new FaultWindow(utc("2026-11-26T23:59:58Z"), utc("2026-11-27T00:00:05Z"));
    String afterMidnight = "00:00:01.250" + TRANSIENT.substring("19:40:12.713".length());
    String beforeMidnight = "23:59:59.000" + FATAL.substring("19:40:13.000".length());

    ServiceLogCheck.LoggedFault r = UTC.check(List.of(afterMidnight, beforeMidnight), overMidnight);

    assertThat(r.at()).isEqualTo(utc("2026-11-27T00:00:01.250Z"));
    assertThat(r.errorLinesInWindow()).isEqualTo(2);
  }

  @Test
  void theServiceZoneIsHonoured() {
    // the service logged 20:40 in Paris, which is 19:40 UTC
    String paris = "20:40:12.713" + TRANSIENT.substring("19:40:12.713".length());

    ServiceLogCheck.LoggedFault r =
        new ServiceLogCheck(ZoneId.of("Europe/Paris"), 0).check(List.of(paris), WINDOW);

    assertThat(r.at()).isEqualTo(utc("2026-11-26T19:40:12.713Z"));
  }

  @Test
  void readsALogFileWithMarkersAndStackTraces(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("service.log");
    Files.write(
        log,
        List.of(
            "---- 2026-11-26T19:22:29.457350248Z starting service",
            INFO,
            NO_CLASS,
            "java.sql.SQLTransientConnectionException: pipeline - Connection is not available",
            "\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)",
            TRANSIENT));

    ServiceLogCheck.LoggedFault r = UTC.check(log, WINDOW);

    assertThat(r.logged()).isTrue();
    assertThat(r.errorLinesInWindow()).isEqualTo(2);
  }

  @Test
  void theHintMustBeTheServicesOwnLowerCaseAdvice() {
    assertThat(ServiceLogCheck.wellFormedClass("failed (poison, SQLSTATE PB001); check the data"))
        .isEqualTo("poison");
    assertThat(ServiceLogCheck.wellFormedClass("failed (transient): restart the service"))
        .isEqualTo("transient");
    assertThat(ServiceLogCheck.wellFormedClass("failed (transient); retry 1 in 100 ms")).isNull();
    assertThat(ServiceLogCheck.wellFormedClass("a transient value violates check constraint"))
        .isNull();
  }
}
