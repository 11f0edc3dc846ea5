/** pipeline-perf: a Gatling performance and resilience lab for Kafka to PostgreSQL pipelines. */
package io.pipelineperf;
