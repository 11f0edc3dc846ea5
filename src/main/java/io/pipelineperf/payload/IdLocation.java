package io.pipelineperf.payload;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code -Dpayload.id=}: where a message's id travels besides the {@code message-id} header the lab
 * always adds: nowhere else ({@code header-only}, the default), {@code json:/pointer} into the
 * value, {@code key}, or {@code header:<name>}.
 */
public sealed interface IdLocation {

  String SETTING = "payload.id";

  /** Only the lab's {@code message-id} header. */
  record HeaderOnly() implements IdLocation {}

  /** At a JSON pointer of the value, e.g. {@code /order/id}. */
  record Json(JsonPointer pointer) implements IdLocation {}

  /** The record key. */
  record Key() implements IdLocation {}

  /** A header of its own. */
  record Header(String name) implements IdLocation {}

  static IdLocation parse(String text) {
    if (text == null || text.isBlank() || text.strip().equals("header-only")) {
      return new HeaderOnly();
    }
    String s = text.strip();
    if (s.equals("key")) {
      return new Key();
    }
    if (s.startsWith("header:") && s.length() > "header:".length()) {
      return new Header(s.substring("header:".length()));
    }
    if (s.startsWith("json:")) {
      try {
        return new Json(JsonPointer.compile(s.substring("json:".length())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-D"
                + SETTING
                + "="
                + s
                + ": not a JSON pointer ("
                + e.getMessage()
                + "), e.g. json:/id");
      }
    }
    throw new IllegalArgumentException(
        "-D"
            + SETTING
            + "="
            + s
            + " is not understood: use json:/pointer (e.g. json:/id), key, header:<name> or"
            + " header-only");
  }

  /**
   * Why a rendered sample does not carry {@code id} here, or empty when it does. The value is read
   * as JSON only for a {@link Json} location.
   */
  default Optional<String> missingIn(
      byte[] value, String key, Map<String, String> headers, String id) {
    if (this instanceof Key) {
      return id.equals(key)
          ? Optional.empty()
          : Optional.of(
              "the record key is "
                  + quoted(key)
                  + ", not the message id: leave -Dpayload.key unset or set it to #{messageId}");
    }
    if (this instanceof Header h) {
      return id.equals(headers.get(h.name()))
          ? Optional.empty()
          : Optional.of(
              "header '"
                  + h.name()
                  + "' is "
                  + quoted(headers.get(h.name()))
                  + ", not the message id: leave it out of -Dpayload.headers or set it to"
                  + " #{messageId}");
    }
    if (this instanceof Json j) {
      return missingInJson(j.pointer(), value, id);
    }
    return Optional.empty();
  }

  private static Optional<String> missingInJson(JsonPointer pointer, byte[] value, String id) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(value);
    } catch (IOException e) {
      return Optional.of("the message is not JSON, so it has nothing at " + pointer);
    }
    JsonNode found = root == null ? null : root.at(pointer);
    if (found == null || found.isMissingNode()) {
      return Optional.of(
          "the message has nothing at " + pointer + ": put \"#{messageId}\" there in the template");
    }
    if (!found.isValueNode() || !id.equals(found.asText())) {
      return Optional.of(
          "the message has "
              + found
              + " at "
              + pointer
              + ", not the message id: put \"#{messageId}\" there in the template");
    }
    return Optional.empty();
  }

  private static String quoted(String s) {
    return s == null ? "not set" : "'" + s + "'";
  }
}
