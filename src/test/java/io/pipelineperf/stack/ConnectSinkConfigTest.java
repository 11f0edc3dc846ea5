package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectSinkConfigTest {

  private static ConnectSinkConfig config(String insertMode) {
    return new ConnectSinkConfig(
        "sink-1",
        "127.0.0.1:19092",
        "pipeline.input",
        "jdbc:postgresql://127.0.0.1:15432/postgres",
        "postgres",
        "p=a:ss#",
        "connect_messages",
        insertMode,
        2,
        18083,
        "/tmp/run/connect.offsets");
  }

  /** What ConnectStandalone reads: the text through java.util.Properties. */
  private static Properties load(Map<String, String> properties) throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(ConnectSinkConfig.propertiesText(properties)));
    return p;
  }

  @Test
  void workerListensOnLoopbackCommitsEverySecondAndAppliesTheMessageSchema() throws Exception {
    Properties worker = load(config("insert").workerProperties());
    assertThat(worker.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:19092");
    assertThat(worker.getProperty("listeners")).isEqualTo("http://127.0.0.1:18083");
    assertThat(worker.getProperty("offset.flush.interval.ms")).isEqualTo("1000");
    assertThat(worker.getProperty("consumer.session.timeout.ms")).isEqualTo("10000");
    assertThat(worker.getProperty("offset.storage.file.filename"))
        .isEqualTo("/tmp/run/connect.offsets");
    assertThat(worker.getProperty("value.converter"))
        .isEqualTo("org.apache.kafka.connect.json.JsonConverter");
    assertThat(worker.getProperty("value.converter.schemas.enable")).isEqualTo("true");
    var schema = new ObjectMapper().readTree(worker.getProperty("value.converter.schema.content"));
    assertThat(schema.path("type").asText()).isEqualTo("struct");
    assertThat(schema.path("fields").findValuesAsText("field"))
        .containsExactly("id", "customer", "amount", "currency", "createdAt", "note");
    assertThat(schema.path("fields").get(0).path("optional").asBoolean()).isFalse();
    assertThat(worker.getProperty("plugin.discovery")).isEqualTo("service_load");
  }

  @Test
  void connectorWritesTheTableWithTheIdAsPrimaryKey() throws Exception {
    Properties c = load(config(null).connectorProperties());
    assertThat(c.getProperty("name")).isEqualTo("sink-1");
    assertThat(c.getProperty("connector.class"))
        .isEqualTo("io.debezium.connector.jdbc.JdbcSinkConnector");
    assertThat(c.getProperty("topics")).isEqualTo("pipeline.input");
    assertThat(c.getProperty("tasks.max")).isEqualTo("2");
    assertThat(c.getProperty("connection.password")).isEqualTo("p=a:ss#");
    assertThat(c.getProperty("insert.mode")).isEqualTo("insert");
    assertThat(c.getProperty("primary.key.mode")).isEqualTo("record_value");
    assertThat(c.getProperty("primary.key.fields")).isEqualTo("id");
    assertThat(c.getProperty("collection.name.format")).isEqualTo("connect_messages");
    assertThat(c.getProperty("schema.evolution")).isEqualTo("none");
    assertThat(load(config("UPSERT").connectorProperties()).getProperty("insert.mode"))
        .isEqualTo("upsert");
  }

  @Test
  void groupTableAndLabFlagsFollowTheName() {
    ConnectSinkConfig c = config("insert");
    assertThat(c.consumerGroup()).isEqualTo("connect-sink-1");
    assertThat(c.qualifiedTable()).isEqualTo("public.connect_messages");
    assertThat(c.labFlags())
        .isEqualTo(
            "-Dcompletion=offsets -Dcompletion.group=connect-sink-1 -Dmonitor.group=connect-sink-1"
                + " -Dreconcile.table=public.connect_messages -Dreconcile.idColumn=id");
    assertThat(ConnectTable.ddl("connect_messages"))
        .startsWith("CREATE TABLE IF NOT EXISTS public.connect_messages (id text PRIMARY KEY");
  }

  @Test
  void refusesWhatWouldBreakTheWorker() {
    assertThatThrownBy(() -> config("merge"))
        .isInstanceOf(StackConfigException.class)
        .hasMessageContaining("insert (the default) or upsert");
    assertThatThrownBy(
            () ->
                new ConnectSinkConfig(
                    "bad name", "b", "t", "u", "x", "y", "connect_messages", "insert", 1, 1, "o"))
        .isInstanceOf(StackConfigException.class);
    assertThatThrownBy(
            () ->
                new ConnectSinkConfig(
                    "n", "b", "t", "u", "x", "y", "Drop;Table", "insert", 1, 1, "o"))
        .isInstanceOf(StackConfigException.class);
  }

  @Test
  void stackConfigReadsSutAndItsSettings() {
    StackConfig c =
        StackConfig.from(
            new Settings(
                Map.of(
                    "sut", "kafka-connect-jdbc",
                    "sut.connect.insertMode", "upsert",
                    "sut.connect.name", "mine"),
                Map.of()));
    assertThat(c.sut()).isEqualTo(Sut.KAFKA_CONNECT_JDBC);
    assertThat(c.sutSettings()).containsEntry("connect.insertMode", "upsert");
    SutFactory.Wiring wiring =
        new SutFactory.Wiring(
            "127.0.0.1:1",
            "jdbc:postgresql://127.0.0.1:2/postgres",
            "u",
            "p",
            Topics.defaults(),
            Path.of("/tmp/x"),
            java.util.List.of());
    ConnectSinkConfig sink = SutFactory.connectSink(c.sutSettings(), wiring);
    assertThat(sink.name()).isEqualTo("mine");
    assertThat(sink.insertMode()).isEqualTo("upsert");
    assertThat(sink.inputTopic()).isEqualTo(Topics.defaults().input());
    assertThat(StackConfig.from(new Settings(Map.of(), Map.of())).sut()).isEqualTo(Sut.REFERENCE);
    assertThatThrownBy(() -> Sut.parse("debezium"))
        .isInstanceOf(StackConfigException.class)
        .hasMessageContaining("-Dsut=kafka-connect-jdbc");
  }
}
