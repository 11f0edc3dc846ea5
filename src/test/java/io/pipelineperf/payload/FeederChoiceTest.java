package io.pipelineperf.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeederChoiceTest {

  @TempDir Path dir;

  @BeforeAll
  static void gatlingConfiguration() {
    GatlingConfig.ensureLoaded();
  }

  private static FeederChoice choice(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return FeederChoice.from(
        m::get,
        () -> {
          throw new AssertionError("no database needed");
        });
  }

  @Test
  void noSettingNoFeeder() {
    assertThat(choice()).isNull();
  }

  @Test
  void aCsvFileIsCircularByDefault() {
    FeederChoice c = choice("feeder", "simulations-data/feeders/orders.csv");
    assertThat(c.strategy()).isEqualTo(FeederChoice.Strategy.CIRCULAR);
    assertThat(c.needsDatabase()).isFalse();
    assertThat(c.firstRecord())
        .containsOnlyKeys("customer", "amount", "currency", "sku", "channel");
    assertThat(c.builder().recordsCount()).isEqualTo(200);
  }

  @Test
  void aJsonFileAndEachStrategy() throws Exception {
    Path f = dir.resolve("f.json");
    Files.writeString(f, "[{\"tenant\":\"t1\",\"n\":1},{\"tenant\":\"t2\",\"n\":2}]");
    for (String s : new String[] {"circular", "random", "shuffle", "QUEUE"}) {
      FeederChoice c = choice("feeder", f.toString(), "feeder.strategy", s);
      assertThat(c.firstRecord()).containsEntry("tenant", "t1");
      assertThat(c.builder().recordsCount()).isEqualTo(2);
    }
  }

  @Test
  void aJdbcQueryIsOnlyRunWhenGatlingBuildsTheFeeder() {
    FeederChoice c = choice("feeder.jdbc.query", "select 1 as n");
    assertThat(c.needsDatabase()).isTrue();
    // built, not run: the lazy builder asks for the database only when read
    assertThat(c.builder()).isNotNull();
  }

  @Test
  void mistakesAreNamed() throws Exception {
    assertThatThrownBy(() -> choice("feeder", "nope.csv"))
        .hasMessageContaining("-Dfeeder=nope.csv");
    assertThatThrownBy(
            () -> choice("feeder", "simulations-data/feeders/orders.csv", "feeder.strategy", "lru"))
        .hasMessageContaining("-Dfeeder.strategy=lru");
    assertThatThrownBy(
            () ->
                choice(
                    "feeder", "simulations-data/feeders/orders.csv",
                    "feeder.jdbc.query", "select 1"))
        .hasMessageContaining("choose one");
    assertThatThrownBy(() -> choice("feeder.strategy", "random"))
        .hasMessageContaining("there is no feeder");
    Path txt = dir.resolve("f.txt");
    Files.writeString(txt, "a\n1\n");
    assertThatThrownBy(() -> choice("feeder", txt.toString()))
        .hasMessageContaining(".csv or .json");
    Path empty = dir.resolve("e.csv");
    Files.writeString(empty, "a\n");
    assertThatThrownBy(() -> choice("feeder", empty.toString()).firstRecord())
        .hasMessageContaining("gives no records");
  }
}
