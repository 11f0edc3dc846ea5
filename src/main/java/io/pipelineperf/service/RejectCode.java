package io.pipelineperf.service;

/** Why a message was dead-lettered: the value of the {@code dlq.reason.code} header. */
public enum RejectCode {
  INVALID_JSON("invalid-json"),
  INVALID_UTF8("invalid-utf8"),
  MISSING_FIELD("missing-field"),
  INVALID_FIELD("invalid-field"),
  OVERSIZED("oversized"),
  BUSINESS_RULE("business-rule"),
  /** The database refused the message's data (SQLSTATE class 22/23 other than PB001). */
  DB_REJECTED("db-rejected");

  private final String code;

  RejectCode(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
