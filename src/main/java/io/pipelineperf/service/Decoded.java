package io.pipelineperf.service;

import java.util.UUID;

/** The result of decoding one input value: a valid message or a rejection. */
public sealed interface Decoded {

  record Valid(Message message) implements Decoded {}

  /**
   * @param field the offending field, or null when the whole value is at fault
   * @param id the message id when it could still be read from the document, else null
   */
  record Rejected(RejectCode code, String reason, String field, UUID id) implements Decoded {}
}
