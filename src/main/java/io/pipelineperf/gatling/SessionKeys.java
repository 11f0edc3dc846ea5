package io.pipelineperf.gatling;

/** Session attributes the Kafka actions hand to {@code awaitOutcome()}. */
final class SessionKeys {

  static final String MESSAGE_ID = "pipelineperf.messageId";
  static final String SLOT = "pipelineperf.slot";
  static final String SEND_START = "pipelineperf.sendStart";
  static final String REQUEST_NAME = "pipelineperf.requestName";

  private SessionKeys() {}
}
