package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  @Test
  void exportsJvmHeapPressureAndTheServiceMeters() {
    try (ServiceMetrics metrics = new ServiceMetrics(Set.of(Defect.MEMORY_HOG))) {
      metrics.processed(1);
      metrics.deadLettered(RejectCode.BUSINESS_RULE);
      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains(
              "jvm_memory_usage_after_gc",
              "jvm_gc_overhead",
              "jvm_memory_used_bytes",
              "jvm_threads_live_threads",
              "process_cpu_usage",
              "pipeline_messages_processed_total 1.0",
              "pipeline_messages_dead_lettered_total{reason=\"business-rule\"} 1.0",
              "pipeline_consumer_paused 0.0",
              "pipeline_defect_active{defect=\"memory-hog\"} 1.0");
    }
  }
}
