package io.pipelineperf.verify;

import java.util.List;

/**
 * What {@link RecoveryAnalysis} measured around one fault; see there for how each number is
 * computed. Nullable fields are null when the run did not hold the data (or the event never
 * happened); {@code notes} then says why.
 *
 * @param detectSeconds from injection to the first sign of the fault; null if never detected
 * @param detectedBy {@code error}, {@code readiness} or {@code throughput}; null if never detected
 * @param recoverySeconds from heal until throughput and lag were back and stayed back; null if they
 *     never were within the run
 * @param baselineRate median processed msgs/s before the fault
 * @param baselineLag median consumer lag (messages) before the fault
 * @param lagLimit the lag recovery must get back under: baseline plus tolerance
 * @param errorsInside errors stamped inside the (error) window
 * @param errorsOutside errors stamped outside it
 * @param outsideErrorRatePct errors outside / (processed outside + errors outside), in %
 */
public record FaultOutcome(
    FaultWindow window,
    Double detectSeconds,
    String detectedBy,
    Double recoverySeconds,
    Double baselineRate,
    Double baselineLag,
    Double lagLimit,
    long errorsInside,
    long errorsOutside,
    Double outsideErrorRatePct,
    List<String> notes) {

  public FaultOutcome {
    notes = List.copyOf(notes);
  }

  public boolean detected() {
    return detectSeconds != null;
  }

  public boolean recovered() {
    return recoverySeconds != null;
  }
}
