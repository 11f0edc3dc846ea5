package io.pipelineperf.service;

/** What to do about a database error. */
public enum SqlErrorClass {
  /** Retry the same work later (connection loss, server restart, deadlock, timeouts). */
  TRANSIENT,
  /** One message's data is refused (business rule PB001, data/integrity errors): dead-letter it. */
  POISON,
  /** Retrying will not help until an operator acts (schema, permissions, bugs). */
  FATAL
}
