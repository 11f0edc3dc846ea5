package io.pipelineperf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceBatchesTest {

  @TempDir Path dir;

  @Test
  void batchesBetweenTwoScrapes() throws IOException {
    Path before =
        Files.writeString(
            dir.resolve("b"),
            """
            # TYPE pipeline_batch_duration_seconds summary
            pipeline_batch_duration_seconds_count 100
            pipeline_batch_duration_seconds_sum 1.5
            pipeline_messages_processed_total 1000
            """);
    Path after =
        Files.writeString(
            dir.resolve("a"),
            """
            pipeline_batch_duration_seconds_count 300
            pipeline_batch_duration_seconds_sum 5.5
            pipeline_messages_processed_total 13000
            """);

    ServiceBatches b = ServiceBatches.between(before, after);

    assertThat(b.batches()).isEqualTo(200);
    assertThat(b.meanBatchMs()).isEqualTo(20.0);
    assertThat(b.messagesPerBatch()).isEqualTo(60.0);
  }

  @Test
  void aFirstScrapeBeforeAnyBatchCountsAsZeroAndAMissingScrapeIsNull() throws IOException {
    Path before = Files.writeString(dir.resolve("b"), "jvm_threads_live_threads 20\n");
    Path after =
        Files.writeString(
            dir.resolve("a"),
            "pipeline_batch_duration_seconds_count 4\npipeline_batch_duration_seconds_sum 0.1\n");

    assertThat(ServiceBatches.between(before, after).meanBatchMs()).isEqualTo(25.0);
    assertThat(ServiceBatches.between(before, dir.resolve("missing"))).isNull();
  }

  @Test
  void stepRecordFindsTheScrapesBesideStepsTsv() throws IOException {
    Files.writeString(
        dir.resolve(StepRecord.metricsFile(StepKind.E2E, "2000", "before")),
        "pipeline_batch_duration_seconds_count 0\npipeline_batch_duration_seconds_sum 0\n");
    Files.writeString(
        dir.resolve(StepRecord.metricsFile(StepKind.E2E, "2000", "after")),
        "pipeline_batch_duration_seconds_count 10\npipeline_batch_duration_seconds_sum 0.05\n");

    StepRecord r = StepRecord.parse("e2e\t2000\t-\t1\t0.5\t2026-11-26T21:00:00Z", dir);

    assertThat(r.batches().meanBatchMs()).isEqualTo(5.0);
    assertThat(r.summary()).isNull();
    assertThat(r.load1Before()).isEqualTo(0.5);
  }
}
