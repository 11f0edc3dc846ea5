package io.pipelineperf.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void gatlingConfiguration() {
    GatlingConfig.ensureLoaded();
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static Payload payload(Map<String, String> settings) {
    return Payload.from(settings::get, () -> null);
  }

  private static Map<String, String> settings(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static Session session(Map<String, Object> attributes) {
    return SampleSession.with(attributes);
  }

  @Test
  void withoutTheSettingThereIsNoPayload() {
    assertThat(payload(settings())).isNull();
  }

  @Test
  void theShippedOrderTemplateRendersWithItsFeederAndGatlingElFunctions() throws Exception {
    Payload p =
        payload(
            settings(
                "payload", "simulations-data/payloads/order.json",
                "feeder", "simulations-data/feeders/orders.csv",
                "payload.id", "json:/id",
                "payload.key", "#{customer}",
                "payload.headers", "channel=#{channel};source=lab",
                "payload.padTo", "1024"));
    p.check();
    Session user =
        session(
            Map.of(
                "messageId", "0b7e3c1a-0000-8000-8000-000000000001",
                "customer", "C-7",
                "amount", "12.50",
                "currency", "EUR",
                "sku", "SKU-1",
                "channel", "web"));
    byte[] value = p.value().apply(user);
    JsonNode node = JSON.readTree(value);
    assertThat(node.path("id").asText()).isEqualTo("0b7e3c1a-0000-8000-8000-000000000001");
    assertThat(node.path("amount").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(node.at("/order/quantity").asInt()).isBetween(1, 10);
    assertThat(node.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(node.path("note").asText()).matches("x+");
    // about the size: the sample had other amounts and field lengths than this user
    assertThat(value.length).isBetween(1000, 1048);
    assertThat(p.key().apply(user)).isEqualTo("C-7");
    assertThat(p.headers().get("channel").apply(user)).isEqualTo("web");
    assertThat(p.headers().get("source").apply(user)).isEqualTo("lab");
    assertThat(p.messageId().apply(user)).startsWith("0b7e3c1a");
  }

  @Test
  void theMinimalTemplateNeedsNoFeeder() throws Exception {
    Payload p = payload(settings("payload", "simulations-data/payloads/minimal.json"));
    p.check();
    JsonNode node = JSON.readTree(p.sample());
    assertThat(node.path("id").asText()).isEqualTo(Payload.SAMPLE_ID);
    assertThat(node.path("currency").asText()).isEqualTo("EUR");
    assertThat(p.key().apply(session(Map.of()))).isNull();
  }

  @Test
  void eachUserGetsAFreshIdAsMessageId() {
    Payload p = payload(settings("payload", "simulations-data/payloads/minimal.json"));
    p.check();
    Session user = p.newMessage(() -> "run-42").apply(session(Map.of()));
    assertThat(new String(p.value().apply(user), StandardCharsets.UTF_8))
        .contains("\"id\":\"run-42\"");
  }

  @Test
  void paddingFillsThePlaceholderSoTheMessageIsAboutTheSize() throws Exception {
    Path t = file("t.json", "{\"id\":\"#{messageId}\",\"pad\":\"#{padding}\"}");
    Payload p = payload(settings("payload", t.toString(), "payload.padTo", "300"));
    p.check();
    assertThat(p.sample()).hasSize(300);
    assertThat(p.paddingChars()).isEqualTo(300 - "{\"id\":\"\",\"pad\":\"\"}".length() - 36);
  }

  @Test
  void withoutPadToThePaddingPlaceholderIsEmpty() throws Exception {
    Path t = file("t.json", "{\"id\":\"#{messageId}\",\"pad\":\"#{padding}\"}");
    Payload p = payload(settings("payload", t.toString()));
    p.check();
    assertThat(new String(p.sample(), StandardCharsets.UTF_8)).endsWith("\"pad\":\"\"}");
  }

  @Test
  void padToWithoutThePlaceholderIsAnErrorNamingTheSetting() throws Exception {
    Path t = file("t.json", "{\"id\":\"#{messageId}\"}");
    assertThatThrownBy(() -> payload(settings("payload", t.toString(), "payload.padTo", "512")))
        .hasMessageContaining("-Dpayload.padTo=512")
        .hasMessageContaining("#{padding}");
  }

  @Test
  void padToBelowTheUnpaddedSizeIsAnError() throws Exception {
    Path t = file("t.json", "{\"id\":\"#{messageId}\",\"pad\":\"#{padding}\"}");
    Payload p = payload(settings("payload", t.toString(), "payload.padTo", "20"));
    assertThatThrownBy(p::check)
        .hasMessageContaining("-Dpayload.padTo=20")
        .hasMessageContaining("without padding");
  }

  @Test
  void aMissingTemplateNamesTheSettingAndTheFilesBesideIt() {
    assertThatThrownBy(() -> payload(settings("payload", "simulations-data/payloads/nope.json")))
        .hasMessageContaining("-Dpayload=simulations-data/payloads/nope.json: no such file")
        .hasMessageContaining("order.json");
  }

  @Test
  void invalidJsonSaysWhereItBroke() throws Exception {
    Path t = file("t.json", "{\"id\":\"#{messageId}\",\"amount\":#{amount},}");
    Path f = file("f.csv", "amount\n12\n");
    Payload p = payload(settings("payload", t.toString(), "feeder", f.toString()));
    assertThatThrownBy(p::check)
        .hasMessageContaining("does not render valid JSON")
        .hasMessageContaining("line 1, column")
        .hasMessageContaining("\"amount\":12,");
  }

  @Test
  void aTemplateThatIsNotJsonIsNotParsed() throws Exception {
    Path t = file("t.txt", "id=#{messageId}");
    Payload p = payload(settings("payload", t.toString()));
    p.check();
    assertThat(new String(p.sample(), StandardCharsets.UTF_8)).isEqualTo("id=" + Payload.SAMPLE_ID);
  }

  @Test
  void anAttributeTheFeederDoesNotProvideIsNamedWithTheFeedersColumns() throws Exception {
    Path t = file("t.json", "{\"id\":\"#{messageId}\",\"sku\":\"#{sku}\"}");
    Path f = file("f.csv", "customer,amount\nC-1,3\n");
    Payload p = payload(settings("payload", t.toString(), "feeder", f.toString()));
    assertThatThrownBy(p::check)
        .hasMessageContaining("sku")
        .hasMessageContaining("has the columns customer, amount")
        .hasMessageContaining("messageId");
  }

  @Test
  void anAttributeWithoutAnyFeederSaysThereIsNone() throws Exception {
    Path t = file("t.json", "{\"sku\":\"#{sku}\"}");
    Payload p = payload(settings("payload", t.toString()));
    assertThatThrownBy(p::check).hasMessageContaining("sku").hasMessageContaining("no feeder");
  }

  @Test
  void aKeyExpressionIsCheckedToo() throws Exception {
    Path t = file("t.json", "{}");
    Payload p = payload(settings("payload", t.toString(), "payload.key", "#{tenant}"));
    assertThatThrownBy(p::check)
        .hasMessageContaining("-Dpayload.key")
        .hasMessageContaining("tenant");
  }

  @Test
  void anIdNotAtTheJsonPointerIsReported() throws Exception {
    Path t = file("t.json", "{\"order\":{\"ref\":\"R-1\"}}");
    Payload p = payload(settings("payload", t.toString(), "payload.id", "json:/order/id"));
    assertThatThrownBy(p::check)
        .hasMessageContaining("-Dpayload.id")
        .hasMessageContaining("nothing at /order/id");
    Path wrong = file("w.json", "{\"order\":{\"id\":\"R-1\"}}");
    Payload q = payload(settings("payload", wrong.toString(), "payload.id", "json:/order/id"));
    assertThatThrownBy(q::check).hasMessageContaining("\"R-1\" at /order/id");
  }

  @Test
  void theIdAsKeyDefaultsTheKeyToTheIdAndChecksAGivenOne() throws Exception {
    Path t = file("t.json", "{}");
    Payload p = payload(settings("payload", t.toString(), "payload.id", "key"));
    p.check();
    assertThat(p.key().apply(session(Map.of("messageId", "m-1")))).isEqualTo("m-1");
    Payload q =
        payload(settings("payload", t.toString(), "payload.id", "key", "payload.key", "fixed"));
    assertThatThrownBy(q::check).hasMessageContaining("the record key is 'fixed'");
  }

  @Test
  void theIdInAHeaderAddsTheHeaderAndChecksAGivenOne() throws Exception {
    Path t = file("t.json", "{}");
    Payload p = payload(settings("payload", t.toString(), "payload.id", "header:order-id"));
    p.check();
    assertThat(p.headers().get("order-id").apply(session(Map.of("messageId", "m-2"))))
        .isEqualTo("m-2");
    Payload q =
        payload(
            settings(
                "payload", t.toString(),
                "payload.id", "header:order-id",
                "payload.headers", "order-id=x-#{messageId}"));
    assertThatThrownBy(q::check)
        .hasMessageContaining("header 'order-id' is 'x-" + Payload.SAMPLE_ID);
  }

  @Test
  void badSettingsAreNamed() throws Exception {
    Path t = file("t.json", "{}");
    assertThatThrownBy(() -> payload(settings("payload", t.toString(), "payload.id", "body")))
        .hasMessageContaining("-Dpayload.id=body");
    assertThatThrownBy(() -> payload(settings("payload", t.toString(), "payload.padTo", "1k")))
        .hasMessageContaining("-Dpayload.padTo=1k");
    assertThatThrownBy(
            () -> payload(settings("payload", t.toString(), "payload.headers", "novalue")))
        .hasMessageContaining("-Dpayload.headers");
    assertThatThrownBy(() -> payload(settings("payload.key", "#{x}")))
        .hasMessageContaining("-Dpayload= names no template");
    Path broken = file("b.json", "{\"a\":\"#{}\"}");
    assertThatThrownBy(() -> payload(settings("payload", broken.toString())).check())
        .hasMessageContaining("not valid Gatling EL");
  }
}
