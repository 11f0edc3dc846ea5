package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorClassifierTest {

  @ParameterizedTest
  @CsvSource({
    "08001, TRANSIENT",
    "08006, TRANSIENT",
    "57P01, TRANSIENT",
    "57P02, TRANSIENT",
    "57P03, TRANSIENT",
    "40P01, TRANSIENT",
    "40001, TRANSIENT",
    "57014, TRANSIENT",
    "55P03, TRANSIENT",
    "53300, TRANSIENT",
    "PB001, POISON",
    "22P02, POISON",
    "22003, POISON",
    "23505, POISON",
    "42P01, FATAL",
    "42883, FATAL",
    "28P01, FATAL",
    "3D000, FATAL",
    "XX000, FATAL"
  })
  void classifiesBySqlState(String state, SqlErrorClass expected) {
    assertThat(SqlErrorClassifier.classify(new SQLException("x", state))).isEqualTo(expected);
  }

  @Test
  void hikariPoolTimeoutIsTransient() {
    assertThat(
            SqlErrorClassifier.classify(
                new SQLTransientConnectionException("Connection is not available")))
        .isEqualTo(SqlErrorClass.TRANSIENT);
  }

  @Test
  void noSqlStateMeansAnIoFailureAndIsTransient() {
    assertThat(SqlErrorClassifier.classify(new SQLException("socket closed")))
        .isEqualTo(SqlErrorClass.TRANSIENT);
  }

  @Test
  void batchErrorsUseTheStatementsOwnState() {
    BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", "P0001", null);
    batch.setNextException(new SQLException("amount must be > 0", "PB001"));
    assertThat(SqlErrorClassifier.sqlState(batch)).isEqualTo("PB001");
    assertThat(SqlErrorClassifier.classify(batch)).isEqualTo(SqlErrorClass.POISON);
  }

  @Test
  void causesAreFollowed() {
    RuntimeException wrapped = new RuntimeException(new SQLException("deadlock", "40P01"));
    assertThat(SqlErrorClassifier.classify(wrapped)).isEqualTo(SqlErrorClass.TRANSIENT);
  }

  @Test
  void describeUsesTheStatementsOwnMessageAndStaysShort() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 3 call ... " + "x".repeat(2000), "P0001", null);
    batch.setNextException(new SQLException("ERROR: injected fault\n  Where: PL/pgSQL", "40P01"));
    assertThat(SqlErrorClassifier.describe(batch))
        .isEqualTo("ERROR: injected fault Where: PL/pgSQL");
    assertThat(SqlErrorClassifier.describe(new SQLException("y".repeat(1000)))).hasSize(303);
  }
}
