package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorTextsTest {

  @Test
  void partitionsAndMillisecondsDoNotMakeNewErrorRows() {
    String a =
        ErrorTexts.normalise(
            new TimeoutException(
                "Expiring 3 record(s) for pipeline.messages-2:120001 ms has passed since batch"
                    + " creation"));
    String b =
        ErrorTexts.normalise(
            new TimeoutException(
                "Expiring 17 record(s) for pipeline.messages-5:120456 ms has passed since batch"
                    + " creation"));

    assertThat(a).isEqualTo(b);
    assertThat(a)
        .isEqualTo(
            "TimeoutException: Expiring N record(s) for pipeline.messages-N:N ms has passed since"
                + " batch creation");
  }

  @Test
  void namesTheRootCause() {
    String text =
        ErrorTexts.normalise(
            new ExecutionException(
                new TimeoutException("Topic t not present in metadata after 60000 ms.")));

    assertThat(text).isEqualTo("TimeoutException: Topic t not present in metadata after N ms.");
  }

  @Test
  void keepsTextsShort() {
    assertThat(ErrorTexts.normalise(new IllegalStateException("x".repeat(1000))))
        .hasSizeLessThanOrEqualTo(ErrorTexts.MAX_LENGTH);
    assertThat(ErrorTexts.normalise(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }
}
