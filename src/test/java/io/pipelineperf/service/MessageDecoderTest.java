package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {
  private static final String ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  private final MessageDecoder decoder = new MessageDecoder(1024);

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String message(String id, String customer, String amount, String currency) {
    StringBuilder b = new StringBuilder("{");
    if (id != null) b.append("\"id\":").append(id).append(',');
    if (customer != null) b.append("\"customer\":").append(customer).append(',');
    if (amount != null) b.append("\"amount\":").append(amount).append(',');
    if (currency != null) b.append("\"currency\":").append(currency).append(',');
    b.append("\"note\":\"n\"}");
    return b.toString();
  }

  private Decoded.Rejected rejected(byte[] value) {
    Decoded d = decoder.decode(value);
    assertThat(d).isInstanceOf(Decoded.Rejected.class);
    return (Decoded.Rejected) d;
  }

  @Test
  void acceptsAValidMessage() {
    String text = message("\"" + ID + "\"", "\"C-000042\"", "12.50", "\"EUR\"");
    Decoded d = decoder.decode(json(text));
    assertThat(d).isInstanceOf(Decoded.Valid.class);
    Message m = ((Decoded.Valid) d).message();
    assertThat(m.id()).isEqualTo(UUID.fromString(ID));
    assertThat(m.customer()).isEqualTo("C-000042");
    assertThat(m.amount()).isEqualByComparingTo(new BigDecimal("12.50"));
    assertThat(m.currency()).isEqualTo("EUR");
    assertThat(m.json()).isEqualTo(text);
  }

  @Test
  void businessRuleIsLeftToTheDatabase() {
    assertThat(decoder.decode(json(message("\"" + ID + "\"", "\"C\"", "-5", "\"EUR\""))))
        .isInstanceOf(Decoded.Valid.class);
  }

  @Test
  void emptyOrNullValueIsInvalidJson() {
    assertThat(rejected(null).code()).isEqualTo(RejectCode.INVALID_JSON);
    assertThat(rejected(new byte[0]).code()).isEqualTo(RejectCode.INVALID_JSON);
  }

  @Test
  void oversizedIsCheckedBeforeParsing() {
    Decoded.Rejected r = rejected(new byte[1025]);
    assertThat(r.code()).isEqualTo(RejectCode.OVERSIZED);
    assertThat(r.reason()).contains("message.maxBytes=1024");
  }

  @Test
  void invalidUtf8IsItsOwnReason() {
    byte[] bad = json(message("\"" + ID + "\"", "\"C-1\"", "1", "\"EUR\""));
    bad[bad.length - 3] = (byte) 0xC3; // a lead byte without its continuation, inside "n"
    assertThat(rejected(bad).code()).isEqualTo(RejectCode.INVALID_UTF8);
    assertThat(rejected(new byte[] {'{', (byte) 0xFF, '}'}).code())
        .isEqualTo(RejectCode.INVALID_UTF8);
  }

  @Test
  void malformedJsonTrailingTokensAndNonObjectsAreInvalidJson() {
    assertThat(rejected(json("{\"id\":")).code()).isEqualTo(RejectCode.INVALID_JSON);
    assertThat(rejected(json("{} {}")).code()).isEqualTo(RejectCode.INVALID_JSON);
    assertThat(rejected(json("[1,2]")).code()).isEqualTo(RejectCode.INVALID_JSON);
    assertThat(rejected(json("\"text\"")).code()).isEqualTo(RejectCode.INVALID_JSON);
    assertThat(rejected(json("{\"id\":1,\"id\":2}")).code()).isEqualTo(RejectCode.INVALID_JSON);
  }

  @Test
  void eachMissingFieldIsNamed() {
    String id = "\"" + ID + "\"";
    assertMissing(message(null, "\"C\"", "1", "\"EUR\""), "id");
    assertMissing(message(id, null, "1", "\"EUR\""), "customer");
    assertMissing(message(id, "\"C\"", null, "\"EUR\""), "amount");
    assertMissing(message(id, "\"C\"", "1", null), "currency");
    assertMissing(message(id, "\"C\"", "null", "\"EUR\""), "amount");
  }

  private void assertMissing(String text, String field) {
    Decoded.Rejected r = rejected(json(text));
    assertThat(r.code()).isEqualTo(RejectCode.MISSING_FIELD);
    assertThat(r.field()).isEqualTo(field);
    assertThat(r.reason()).contains(field);
  }

  @Test
  void eachInvalidFieldIsNamed() {
    String id = "\"" + ID + "\"";
    assertInvalid(message("\"not-a-uuid\"", "\"C\"", "1", "\"EUR\""), "id");
    assertInvalid(message("42", "\"C\"", "1", "\"EUR\""), "id");
    assertInvalid(message(id, "\"  \"", "1", "\"EUR\""), "customer");
    assertInvalid(message(id, "7", "1", "\"EUR\""), "customer");
    assertInvalid(message(id, "\"C\"", "\"12.5\"", "\"EUR\""), "amount");
    assertInvalid(message(id, "\"C\"", "1", "\"eur\""), "currency");
    assertInvalid(message(id, "\"C\"", "1", "\"EURO\""), "currency");
  }

  private void assertInvalid(String text, String field) {
    Decoded.Rejected r = rejected(json(text));
    assertThat(r.code()).isEqualTo(RejectCode.INVALID_FIELD);
    assertThat(r.field()).isEqualTo(field);
  }

  @Test
  void theIdIsKeptWhenALaterFieldIsBad() {
    Decoded.Rejected r = rejected(json(message("\"" + ID + "\"", "\"C\"", "1", "\"x\"")));
    assertThat(r.id()).isEqualTo(UUID.fromString(ID));
  }
}
