package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutcomeParserTest {

  private static Outcome parse(String json) throws IOException {
    return OutcomeParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheTopLevelFieldsAndSkipsTheRest() throws IOException {
    Outcome o =
        parse(
            "{\"nested\":{\"id\":\"inner\"},\"id\":\"m-1\",\"list\":[{\"status\":\"x\"}],"
                + "\"status\":\"dead-lettered\",\"reason\":\"bad amount\",\"processedAt\":\"t\","
                + "\"n\":3}");
    assertThat(o).isEqualTo(new Outcome("m-1", "dead-lettered", "bad amount", "t"));
    assertThat(o.isDeadLettered()).isTrue();
  }

  @Test
  void anUnknownStatusAndMissingFieldsPassUnchanged() throws IOException {
    assertThat(parse("{\"id\":\"m\",\"status\":\"exploded\"}"))
        .isEqualTo(new Outcome("m", "exploded", null, null));
    assertThat(parse("{\"status\":null}")).isEqualTo(new Outcome(null, null, null, null));
  }

  @Test
  void whatIsNotOneJsonObjectIsRefused() {
    assertThatThrownBy(() -> parse("not json")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("{\"id\":\"m\"")).isInstanceOf(IOException.class);
  }
}
