package io.pipelineperf.stack;

/** A setting is missing or wrong; the message names the setting and how to fix it. */
public class StackConfigException extends RuntimeException {
  public StackConfigException(String message) {
    super(message);
  }
}
