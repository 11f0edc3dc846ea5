package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalStackTest {
  private static final Map<String, String> VALID =
      Map.of(
          "kafka.bootstrap", "127.0.0.1:9092",
          "db.url", "jdbc:postgresql://127.0.0.1:5432/postgres",
          "http.url", "http://127.0.0.1:8080/");

  private static ExternalStack parse(Map<String, String> props, Map<String, String> env) {
    return ExternalStack.fromSettings(new Settings(props, env), Topics.defaults());
  }

  private static Map<String, String> without(String key) {
    Map<String, String> m = new HashMap<>(VALID);
    m.remove(key);
    return m;
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> m = new HashMap<>(VALID);
    m.put(key, value);
    return m;
  }

  @Test
  void readsSettingsWithDefaultsForUserAndPassword() {
    ExternalStack s = parse(VALID, Map.of());
    assertThat(s.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(s.dbUser()).isEqualTo("postgres");
    assertThat(s.dbPassword()).isEqualTo("postgres");
    assertThat(s.httpUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(s.target()).isEqualTo(Target.EXTERNAL);
  }

  @Test
  void fallsBackToEnvironment() {
    ExternalStack s = parse(without("db.url"), Map.of("DB_URL", "jdbc:postgresql://h:1/d"));
    assertThat(s.dbUrl()).isEqualTo("jdbc:postgresql://h:1/d");
  }

  @Test
  void aServiceWithoutHttpNeedsNoHttpUrl() {
    ExternalStack s = parse(without("http.url"), Map.of());
    assertThat(s.httpUrl()).isNull();
    assertThat(s.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void eachMissingSettingIsNamedWithItsFix() {
    for (String key : new String[] {"kafka.bootstrap", "db.url"}) {
      assertThatThrownBy(() -> parse(without(key), Map.of()))
          .isInstanceOf(StackConfigException.class)
          .hasMessageContaining(key + " is not set: pass -D" + key + "=")
          .hasMessageContaining(Settings.envName(key));
    }
  }

  @Test
  void malformedSettingsAreRejected() {
    assertThatThrownBy(() -> parse(with("kafka.bootstrap", "localhost"), Map.of()))
        .hasMessageContaining("kafka.bootstrap='localhost' is not a list of host:port");
    assertThatThrownBy(() -> parse(with("db.url", "jdbc:mysql://h/d"), Map.of()))
        .hasMessageContaining("is not a PostgreSQL JDBC URL");
    assertThatThrownBy(() -> parse(with("http.url", "ftp://h"), Map.of()))
        .hasMessageContaining("http.url='ftp://h' is not an http(s) URL");
  }
}
