package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {
  @TempDir Path dir;

  private Properties written(KafkaBroker broker) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(broker.writeServerProperties())) {
      p.load(r);
    }
    return p;
  }

  @Test
  void threeLoopbackListenersOnDistinctPortsAdvertisingTheProxiedPortItself() throws Exception {
    KafkaBroker broker = new KafkaBroker(dir, dir.resolve("kafka.log"), "512m");
    assertThat(new HashSet<>(broker.ports())).hasSize(3);
    Properties p = written(broker);
    assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
    assertThat(p.getProperty("listeners"))
        .contains(broker.directBootstrap().replace("127.0.0.1", "PLAINTEXT://127.0.0.1"))
        .contains("PROXIED://127.0.0.1:" + broker.proxiedListenerPort())
        .contains("CONTROLLER://127.0.0.1:");
    assertThat(p.getProperty("advertised.listeners"))
        .contains("PROXIED://127.0.0.1:" + broker.proxiedListenerPort());
    assertThat(broker.proxiedBootstrap()).isEqualTo("127.0.0.1:" + broker.proxiedListenerPort());
    assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
    assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    assertThat(p.getProperty("num.partitions")).isEqualTo("6");
  }

  @Test
  void proxiedListenerCanAdvertiseAProxyPort() throws Exception {
    KafkaBroker broker = new KafkaBroker(dir, dir.resolve("kafka.log"), "512m");
    broker.advertiseProxiedPort(45678);
    Properties p = written(broker);
    assertThat(p.getProperty("advertised.listeners")).contains("PROXIED://127.0.0.1:45678");
    assertThat(p.getProperty("listeners"))
        .contains("PROXIED://127.0.0.1:" + broker.proxiedListenerPort());
    assertThat(broker.proxiedBootstrap()).isEqualTo("127.0.0.1:45678");
    assertThatThrownBy(() -> broker.advertiseProxiedPort(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
