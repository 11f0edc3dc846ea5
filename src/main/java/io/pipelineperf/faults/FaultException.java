package io.pipelineperf.faults;

/** A fault could not be injected or healed; the message names the fault and the cause. */
public final class FaultException extends RuntimeException {
  public FaultException(String message, Throwable cause) {
    super(message, cause);
  }

  public FaultException(String message) {
    super(message);
  }
}
