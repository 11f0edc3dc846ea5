package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputTopicReaderTest {

  private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
    return new ConsumerRecord<>(
        "out",
        0,
        0L,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static OutputTopicReader reader(String id, String status) {
    return new OutputTopicReader(
        OutputTopicReader.IdSource.parse("completion.id", id),
        status == null ? null : OutputTopicReader.pointer("completion.status", status),
        Set.of("processed", "duplicate"),
        Set.of("dead-lettered"));
  }

  @AfterEach
  void clearProperties() {
    for (String k :
        new String[] {"completion", "completion.output", "completion.id", "completion.status"}) {
      System.clearProperty(k);
    }
  }

  @Test
  void idFromAJsonPointerWithoutStatusMeansProcessed() throws IOException {
    Outcome o = reader("json:/order/ref", null).read(record(null, "{\"order\":{\"ref\":42}}"));
    assertThat(o.id()).isEqualTo("42");
    assertThat(o.isProcessed()).isTrue();
  }

  @Test
  void idFromTheKey() throws IOException {
    assertThat(reader("key", null).read(record("k-1", "anything, not JSON")).id()).isEqualTo("k-1");
  }

  @Test
  void statusValuesAreMappedAndAnUnknownOneIsPassedOnForTheTrackerToName() throws IOException {
    OutputTopicReader r = reader("json:/id", "/status");
    assertThat(r.read(record(null, "{\"id\":\"a\",\"status\":\"PROCESSED\"}")).isProcessed())
        .isTrue();
    assertThat(r.read(record(null, "{\"id\":\"a\",\"status\":\"dead-lettered\"}")).isDeadLettered())
        .isTrue();
    Outcome odd = r.read(record(null, "{\"id\":\"a\",\"status\":\"parked\"}"));
    assertThat(odd.isProcessed()).isFalse();
    assertThat(odd.isDeadLettered()).isFalse();
    assertThat(odd.status()).isEqualTo("parked");
  }

  @Test
  void aRecordWithoutTheIdIsUnreadableAndATombstoneIsSkipped() throws IOException {
    assertThatThrownBy(() -> reader("json:/id", null).read(record(null, "{\"other\":1}")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no id at json:/id");
    assertThatThrownBy(() -> reader("json:/id", null).read(record(null, "[not json")))
        .isInstanceOf(IOException.class);
    assertThat(reader("json:/id", null).read(record(null, null))).isNull();
  }

  @Test
  void badSettingsNameTheSettingAndTheFix() {
    assertThatThrownBy(() -> OutputTopicReader.IdSource.parse("completion.id", "body.id"))
        .hasMessageContaining("-Dcompletion.id=body.id")
        .hasMessageContaining("json:/pointer");
    assertThatThrownBy(() -> OutputTopicReader.pointer("completion.status", "status"))
        .hasMessageContaining("-Dcompletion.status=status is not a JSON pointer");
    System.setProperty("completion", "topic");
    assertThatThrownBy(Completion::fromSystemProperties)
        .hasMessageContaining("set -Dcompletion.output=<topic>");
    System.setProperty("completion.output", "orders.done");
    System.setProperty("completion.id", "header:");
    assertThatThrownBy(Completion::fromSystemProperties).hasMessageContaining("-Dcompletion.id=");
  }

  @Test
  void summaryNamesTheTopicAndWhereTheIdWasRead() {
    System.setProperty("completion", "topic");
    System.setProperty("completion.output", "orders.done");
    System.setProperty("completion.status", "/state");
    Completion c = Completion.fromSystemProperties();
    assertThat(c.describe())
        .containsEntry("mode", "topic")
        .containsEntry("output", "orders.done")
        .containsEntry("id", "json:/id")
        .containsEntry("status", "/state");
    assertThat((String) c.describe().get("processedMeans")).contains("output topic orders.done");
  }
}
