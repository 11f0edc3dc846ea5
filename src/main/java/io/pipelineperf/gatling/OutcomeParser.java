package io.pipelineperf.gatling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads an outcome event with Jackson's streaming parser: the top-level {@code id}, {@code status},
 * {@code reason} and {@code processedAt}, nothing else built (no tree, no data binding). A status
 * it does not know is passed on unchanged; judging it is the tracker's job.
 */
final class OutcomeParser {

  private static final JsonFactory JSON = new JsonFactory();

  private OutcomeParser() {}

  /** The outcome, or an IOException when the value is not one JSON object. */
  static Outcome parse(byte[] value) throws IOException {
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String id = null;
      String status = null;
      String reason = null;
      String processedAt = null;
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        String text = v == JsonToken.VALUE_NULL ? null : p.getText();
        switch (field) {
          case "id" -> id = text;
          case "status" -> status = text;
          case "reason" -> reason = text;
          case "processedAt" -> processedAt = text;
          default -> {
            // other fields of the event are not needed here
          }
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new IOException("truncated JSON object");
      }
      return new Outcome(id, status, reason, processedAt);
    }
  }
}
