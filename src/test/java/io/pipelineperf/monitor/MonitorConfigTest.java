package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {

  @AfterEach
  void clear() {
    System.clearProperty("monitor.intervalMs");
    System.clearProperty("monitor.group");
    System.clearProperty("topic.input");
  }

  private static MonitorConfig config() {
    return MonitorConfig.of("http://127.0.0.1:1", null, null, null, null, Path.of("target/x"));
  }

  @Test
  void defaultsFollowTheContractsAndSystemProperties() {
    assertThat(config().group()).isEqualTo("pipeline-service");
    assertThat(config().topic()).isEqualTo("pipeline.messages");
    assertThat(config().interval()).isEqualTo(Duration.ofSeconds(1));
    System.setProperty("topic.input", "orders.in");
    System.setProperty("monitor.group", "g2");
    System.setProperty("monitor.intervalMs", "250");
    assertThat(config().topic()).isEqualTo("orders.in");
    assertThat(config().group()).isEqualTo("g2");
    assertThat(config().interval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void badSettingsFailFastNamingTheSetting() {
    System.setProperty("monitor.intervalMs", "1s");
    assertThatThrownBy(MonitorConfigTest::config)
        .hasMessageContaining("monitor.intervalMs=1s")
        .hasMessageContaining("-Dmonitor.intervalMs=1000");
    System.setProperty("monitor.intervalMs", "5");
    assertThatThrownBy(MonitorConfigTest::config).hasMessageContaining("100..60000");
    System.clearProperty("monitor.intervalMs");
    assertThatThrownBy(() -> config().withGroup(" ")).hasMessageContaining("monitor.group");
    MonitorConfig badBootstrap =
        MonitorConfig.of(
            null, null, null, null, "localhost", Path.of("target/monitor-config-test"));
    assertThatThrownBy(() -> Monitor.start(badBootstrap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka bootstrap 'localhost'");
  }
}
