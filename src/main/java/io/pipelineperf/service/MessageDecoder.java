package io.pipelineperf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Decodes and validates one input value (Kafka record value or HTTP body): size, strict UTF-8,
 * JSON, then the required fields. Thread-safe.
 */
public final class MessageDecoder {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final int maxBytes;
  private final ThreadLocal<CharsetDecoder> utf8 =
      ThreadLocal.withInitial(
          () ->
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT));

  public MessageDecoder(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  public Decoded decode(byte[] value) {
    if (value == null || value.length == 0) {
      return reject(RejectCode.INVALID_JSON, "value is empty (expected a JSON object)", null, null);
    }
    if (value.length > maxBytes) {
      return reject(
          RejectCode.OVERSIZED,
          "value is " + value.length + " bytes, more than message.maxBytes=" + maxBytes,
          null,
          null);
    }
    String text;
    try {
      text = utf8.get().reset().decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      return reject(RejectCode.INVALID_UTF8, "value is not valid UTF-8", null, null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return reject(
          RejectCode.INVALID_JSON,
          "value is not valid JSON: " + e.getOriginalMessage(),
          null,
          null);
    }
    if (root == null || !root.isObject()) {
      return reject(RejectCode.INVALID_JSON, "value is JSON but not an object", null, null);
    }
    return validate(root, text);
  }

  private static Decoded validate(JsonNode root, String text) {
    JsonNode idNode = root.get("id");
    if (isAbsent(idNode)) {
      return missing("id", null);
    }
    UUID id = parseUuid(idNode);
    if (id == null) {
      return reject(RejectCode.INVALID_FIELD, "field 'id' must be a UUID string", "id", null);
    }
    JsonNode customer = root.get("customer");
    if (isAbsent(customer)) {
      return missing("customer", id);
    }
    if (!customer.isTextual() || customer.textValue().isBlank()) {
      return reject(
          RejectCode.INVALID_FIELD, "field 'customer' must be a non-blank string", "customer", id);
    }
    JsonNode amount = root.get("amount");
    if (isAbsent(amount)) {
      return missing("amount", id);
    }
    if (!amount.isNumber()) {
      return reject(RejectCode.INVALID_FIELD, "field 'amount' must be a JSON number", "amount", id);
    }
    JsonNode currency = root.get("currency");
    if (isAbsent(currency)) {
      return missing("currency", id);
    }
    if (!currency.isTextual() || !CURRENCY.matcher(currency.textValue()).matches()) {
      return reject(
          RejectCode.INVALID_FIELD,
          "field 'currency' must be 3 upper-case letters (e.g. EUR)",
          "currency",
          id);
    }
    return new Decoded.Valid(
        new Message(id, customer.textValue(), amount.decimalValue(), currency.textValue(), text));
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static UUID parseUuid(JsonNode node) {
    if (!node.isTextual() || node.textValue().length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(node.textValue());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Decoded missing(String field, UUID id) {
    return reject(RejectCode.MISSING_FIELD, "required field '" + field + "' is missing", field, id);
  }

  private static Decoded reject(RejectCode code, String reason, String field, UUID id) {
    return new Decoded.Rejected(code, reason, field, id);
  }
}
