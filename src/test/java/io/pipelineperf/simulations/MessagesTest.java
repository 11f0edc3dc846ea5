package io.pipelineperf.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessagesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aMessageIsTheTemplatesJsonWithItsFieldsAndAboutTheRequestedSize() throws Exception {
    Messages messages = new Messages(1024);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      Messages.Message m = messages.create();
      JsonNode node = JSON.readTree(m.json());
      assertThat(node.path("id").asText()).isEqualTo(m.id());
      assertThat(UUID.fromString(m.id()).version()).isEqualTo(4);
      assertThat(node.path("customer").asText()).isEqualTo(m.customer()).startsWith("C-");
      assertThat(node.path("amount").isNumber()).isTrue();
      assertThat(new String(m.json())).containsPattern("\"amount\":[1-9]?[0-9]{0,3}\\.[0-9]{2},");
      assertThat(node.path("currency").asText()).matches("[A-Z]{3}");
      Instant created = Instant.parse(node.path("createdAt").asText());
      assertThat(created).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
      assertThat(node.path("note").asText()).matches("x+");
      assertThat(m.json().length).isBetween(1000, 1024);
      ids.add(m.id());
    }
    assertThat(ids).hasSize(2_000);
  }

  @Test
  void theSizeIsOutOfRangeBelow200Bytes() {
    assertThatThrownBy(() -> new Messages(100)).hasMessageContaining("-DmessageBytes=100");
  }

  @Test
  void theTemplateSplicesFieldsAndFoldsConstants() {
    MessageTemplate t =
        MessageTemplate.compile(
            "{\"a\":\"#{id}\",\"n\":#{amount},\"c\":\"#{customer}\",\"k\":\"#{note}\","
                + "\"t\":\"#{createdAt}\",\"cur\":\"#{currency}\"}",
            Map.of("note", "pad"));
    byte[] json =
        t.render(
            new MessageTemplate.Values(
                "abc", "C-1".getBytes(), 5, "EUR".getBytes(), 1_764_640_053_007L));
    assertThat(new String(json))
        .isEqualTo(
            "{\"a\":\"abc\",\"n\":0.05,\"c\":\"C-1\",\"k\":\"pad\","
                + "\"t\":\"2025-12-02T01:47:33.007Z\",\"cur\":\"EUR\"}");
    assertThat(
            new String(
                t.render(
                    new MessageTemplate.Values(
                        "x", "C".getBytes(), 9_999_999, "USD".getBytes(), 0))))
        .contains("\"n\":99999.99")
        .contains("1970-01-01T00:00:00.000Z");
  }

  @Test
  void anUnknownPlaceholderIsRefused() {
    assertThatThrownBy(() -> MessageTemplate.compile("{\"a\":\"#{nope}\"}", Map.of()))
        .hasMessageContaining("#{nope}");
  }
}
