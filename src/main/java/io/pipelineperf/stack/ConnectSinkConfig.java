package io.pipelineperf.stack;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the Kafka Connect standalone worker and its Debezium JDBC sink connector are given: the
 * worker's and the connector's properties, as text for the files in the run directory.
 *
 * <p>The lab's messages are schemaless JSON; Debezium's JDBC sink needs records with a schema.
 * Kafka's own {@code JsonConverter} supplies it from {@code schema.content} (KIP-1054, taken only
 * with {@code schemas.enable=true}): the lab keeps sending plain JSON and every message gets the
 * schema {@link #VALUE_SCHEMA}. Rows go to {@code public.<table>} with the message's {@code id} as
 * primary key.
 *
 * @param name the connector's name; its consumer group is {@code connect-<name>}
 * @param insertMode {@code insert} (a redelivered message violates the primary key) or {@code
 *     upsert}
 */
public record ConnectSinkConfig(
    String name,
    String bootstrap,
    String inputTopic,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String table,
    String insertMode,
    int tasks,
    int restPort,
    String offsetsFile) {

  public static final String DEFAULT_NAME = "pipeline-perf-jdbc-sink";
  public static final String DEFAULT_TABLE = "connect_messages";

  /**
   * The lab's message in Connect's JSON schema notation: every field but the id is optional (the
   * warm-up and custom templates may leave some out).
   */
  static final String VALUE_SCHEMA =
      "{\"type\":\"struct\",\"optional\":false,\"fields\":["
          + "{\"field\":\"id\",\"type\":\"string\",\"optional\":false},"
          + "{\"field\":\"customer\",\"type\":\"string\",\"optional\":true},"
          + "{\"field\":\"amount\",\"type\":\"double\",\"optional\":true},"
          + "{\"field\":\"currency\",\"type\":\"string\",\"optional\":true},"
          + "{\"field\":\"createdAt\",\"type\":\"string\",\"optional\":true},"
          + "{\"field\":\"note\",\"type\":\"string\",\"optional\":true}]}";

  public ConnectSinkConfig {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new StackConfigException(
          "sut.connect.name='" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    if (table == null || !table.matches("[a-z_][a-z0-9_]*")) {
      throw new StackConfigException(
          "sut.connect.table='" + table + "' must be a lower-case SQL name, e.g. connect_messages");
    }
    insertMode = insertMode == null ? "insert" : insertMode.trim().toLowerCase(Locale.ROOT);
    if (!insertMode.equals("insert") && !insertMode.equals("upsert")) {
      throw new StackConfigException(
          "sut.connect.insertMode='" + insertMode + "': use insert (the default) or upsert");
    }
    if (tasks < 1 || tasks > 64) {
      throw new StackConfigException("sut.connect.tasks=" + tasks + ": use 1..64");
    }
  }

  /** The consumer group Connect gives a sink connector. */
  public String consumerGroup() {
    return "connect-" + name;
  }

  /** {@code public.<table>}, what the reconciliation reads. */
  public String qualifiedTable() {
    return "public." + table;
  }

  /**
   * What a lab run needs to follow this sink: completion by the connector's committed offsets, lag
   * of its group, reconciliation against its table.
   */
  public String labFlags() {
    return "-Dcompletion=offsets -Dcompletion.group="
        + consumerGroup()
        + " -Dmonitor.group="
        + consumerGroup()
        + " -Dreconcile.table="
        + qualifiedTable()
        + " -Dreconcile.idColumn=id";
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  /** The standalone worker: REST on loopback, offsets committed every second, JSON converter. */
  public Map<String, String> workerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("listeners", "http://127.0.0.1:" + restPort);
    p.put("rest.advertised.host.name", "127.0.0.1");
    p.put("rest.advertised.port", Integer.toString(restPort));
    p.put("offset.storage.file.filename", offsetsFile);
    // a sink commits its consumer offsets at this interval (default 60 s): completion=offsets
    // waits on those commits
    p.put("offset.flush.interval.ms", "1000");
    p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    // with schemas.enable=true and a schema.content, JsonConverter reads plain JSON (no
    // schema/payload envelope) as that schema (schemas.enable=false ignores schema.content)
    p.put("value.converter.schemas.enable", "true");
    p.put("value.converter.schema.content", VALUE_SCHEMA);
    p.put("task.shutdown.graceful.timeout.ms", "10000");
    // as the reference service: a SIGKILLed worker's partitions move after 10 s, not Kafka's 45 s
    // (the restarted worker waits that long for the dead member to leave the group)
    p.put("consumer.session.timeout.ms", "10000");
    // every plugin on the classpath has ServiceLoader manifests; the default (hybrid_warn) also
    // scans all classes by reflection: 37 s of a loaded 2-core machine on each start
    p.put("plugin.discovery", "service_load");
    return p;
  }

  /** Debezium's JDBC sink: one row per message, {@code id} the primary key, table made by us. */
  public Map<String, String> connectorProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
    p.put("tasks.max", Integer.toString(tasks));
    p.put("topics", inputTopic);
    p.put("connection.url", dbUrl);
    p.put("connection.username", dbUser);
    p.put("connection.password", dbPassword);
    p.put("insert.mode", insertMode);
    p.put("primary.key.mode", "record_value");
    p.put("primary.key.fields", "id");
    // the table is created before the worker starts (ConnectTable), with the id as primary key
    p.put("schema.evolution", "none");
    p.put("collection.name.format", table);
    p.put("delete.enabled", "false");
    p.put("use.time.zone", "UTC");
    return p;
  }

  /**
   * Properties file text, keys in the order given; values escaped as java.util.Properties reads.
   */
  static String propertiesText(Map<String, String> properties) {
    return properties.entrySet().stream()
            .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '=', ':', '#', '!' -> b.append('\\').append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
