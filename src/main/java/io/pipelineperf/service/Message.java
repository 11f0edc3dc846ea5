package io.pipelineperf.service;

import java.math.BigDecimal;
import java.util.UUID;

/** A valid input message; {@code json} is the original document, stored as the payload. */
public record Message(UUID id, String customer, BigDecimal amount, String currency, String json) {}
