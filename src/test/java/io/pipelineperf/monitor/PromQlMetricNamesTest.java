package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void findsTheMetricInsideFunctionsAndSkipsLabelsRangesAndVariables() {
    assertThat(
            PromQlMetricNames.of(
                "sum by (reason) (rate(pipeline_messages_dead_lettered_total"
                    + "{instance=~\"$instance\",reason!=\"x\"}[$__rate_interval]))"))
        .containsExactly("pipeline_messages_dead_lettered_total");
  }

  @Test
  void findsEveryOperandOfABinaryExpression() {
    assertThat(
            PromQlMetricNames.of(
                "sum(rate(a_seconds_sum[5m])) / sum(rate(a_seconds_count[5m])) * 1e3 > bool 0.5"))
        .containsExactly("a_seconds_count", "a_seconds_sum");
  }

  @Test
  void findsBareNamesAndNamesWithColons() {
    assertThat(PromQlMetricNames.of("jvm_threads_live_threads"))
        .containsExactly("jvm_threads_live_threads");
    assertThat(PromQlMetricNames.of("job:requests:rate5m offset 1h"))
        .containsExactly("job:requests:rate5m");
  }

  @Test
  void skipsGroupingClausesKeywordsAndStrings() {
    assertThat(
            PromQlMetricNames.of(
                "histogram_quantile(0.95, sum without (instance) (rate(x_bucket[1m])))"
                    + " and on (job) group_left (pool) y unless label_replace(z, \"a\", \"b\","
                    + " \"c\", \"d\")"))
        .containsExactly("x_bucket", "y", "z");
  }
}
