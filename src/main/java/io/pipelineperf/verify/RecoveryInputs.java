package io.pipelineperf.verify;

import io.pipelineperf.analysis.ThroughputPoint;
import io.pipelineperf.monitor.Sample;
import java.util.List;

/**
 * The series {@link RecoveryAnalysis} reads, all stamped in epoch milliseconds.
 *
 * @param throughput processed messages per second as the load generator saw them; a point at {@code
 *     t} describes the second (tick) ending at {@code t}
 * @param monitor monitor samples; only {@code lag.total} is read, samples without it are skipped
 * @param readinessDown times the service's readiness was seen down (may be empty)
 * @param errors times of failed sends and end-to-end timeouts, stamped when the message was due or
 *     sent (not when the timeout fired), so that they land in the window that caused them
 * @param offeredRate messages per second the load offered (null: unknown); a pipeline cannot keep
 *     up more than that, so a baseline measured while it was still catching up is capped to it
 */
public record RecoveryInputs(
    List<ThroughputPoint> throughput,
    List<Sample> monitor,
    List<Long> readinessDown,
    List<Long> errors,
    Double offeredRate) {

  public RecoveryInputs {
    throughput = List.copyOf(throughput);
    monitor = List.copyOf(monitor);
    readinessDown = List.copyOf(readinessDown);
    errors = List.copyOf(errors);
  }

  public static RecoveryInputs of(List<ThroughputPoint> throughput, List<Sample> monitor) {
    return new RecoveryInputs(throughput, monitor, List.of(), List.of(), null);
  }

  public RecoveryInputs withReadinessDown(List<Long> times) {
    return new RecoveryInputs(throughput, monitor, times, errors, offeredRate);
  }

  public RecoveryInputs withErrors(List<Long> times) {
    return new RecoveryInputs(throughput, monitor, readinessDown, times, offeredRate);
  }

  public RecoveryInputs withOfferedRate(double rate) {
    return new RecoveryInputs(throughput, monitor, readinessDown, errors, rate);
  }
}
