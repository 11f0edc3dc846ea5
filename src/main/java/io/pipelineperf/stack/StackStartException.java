package io.pipelineperf.stack;

/** A component of the stack could not be started, stopped or reached. */
public class StackStartException extends RuntimeException {
  public StackStartException(String message) {
    super(message);
  }

  public StackStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
