package io.pipelineperf.gatling;

/** Session attributes of the Kafka protocol and its actions. */
final class SessionKeys {

  static final String MESSAGE_ID = "pipelineperf.messageId";
  static final String SLOT = "pipelineperf.slot";

  /** The user's place in its scenario's schedule, set when the user starts. */
  static final String USER_SLOT = "pipelineperf.userSlot";

  static final String SEND_START = "pipelineperf.sendStart";
  static final String REQUEST_NAME = "pipelineperf.requestName";

  private SessionKeys() {}
}
