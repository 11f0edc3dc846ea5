package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.stack.PortAllocator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler and the probe against this JVM's own platform MBeans over a real loopback RMI. */
class JmxSamplerTest {

  private static Registry registry;
  private static JMXConnectorServer server;
  private static String address;

  @BeforeAll
  static void startConnector() throws Exception {
    int port = PortAllocator.freePort();
    registry = LocateRegistry.createRegistry(port);
    JMXServiceURL url =
        new JMXServiceURL(
            "service:jmx:rmi://127.0.0.1:" + port + "/jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    server =
        JMXConnectorServerFactory.newJMXConnectorServer(
            url, null, ManagementFactory.getPlatformMBeanServer());
    server.start();
    address = "127.0.0.1:" + port;
  }

  @AfterAll
  static void stopConnector() throws Exception {
    server.stop();
    UnicastRemoteObject.unexportObject(registry, true);
  }

  @Test
  void samplesHeapThreadsFdsAndOneAfterGcPointPerGc() throws Exception {
    try (JmxSampler sampler = new JmxSampler(address, Duration.ofSeconds(5))) {
      Map<String, Double> first = new HashMap<>();
      sampler.sample(first);
      System.gc();
      Map<String, Double> second = new HashMap<>();
      sampler.sample(second);

      assertThat(first)
          .containsKeys(
              "jmx.heap.used.bytes", "jmx.threads.live", "jmx.fd.open", "jmx.metaspace.bytes");
      assertThat(first).doesNotContainKey("jmx.heap.afterGc.bytes");
      assertThat(second).containsKeys("jmx.heap.afterGc.bytes", "jmx.oldGen.afterGc.bytes");
      assertThat(second.get("jmx.gc.count")).isGreaterThan(first.get("jmx.gc.count"));
      assertThat(second.get("jmx.heap.afterGc.bytes"))
          .isLessThanOrEqualTo(second.get("jmx.heap.used.bytes") + 64 * 1024 * 1024);
    }
  }

  @Test
  void probeForcesAGcAndReadsTheClassHistogram() throws Exception {
    try (ServiceJvmProbe probe = new ServiceJvmProbe(address, Duration.ofSeconds(30))) {
      assertThat(probe.heapAfterForcedGc()).isPositive();
      assertThat(probe.classHistogram()).contains("java.lang.String");
    }
  }

  @Test
  void aJvmWithoutNativeMemoryTrackingIsNamedOnceAndNotAskedAgain() throws Exception {
    // this test JVM runs without -XX:NativeMemoryTracking (like a service given -Dstack.nmt=false)
    NativeMemorySampler sampler =
        new NativeMemorySampler(address, Duration.ofSeconds(10), Duration.ZERO);
    Map<String, Double> first = new HashMap<>();
    sampler.sample(first);
    Map<String, Double> second = new HashMap<>();
    sampler.sample(second);

    assertThat(sampler.available()).isFalse();
    assertThat(first).containsExactly(Map.entry(NativeMemorySampler.ENABLED_KEY, 0.0));
    assertThat(second).containsExactly(Map.entry(NativeMemorySampler.ENABLED_KEY, 0.0));
  }

  @Test
  void anUnreachableEndpointFailsTheTickOnly() {
    JmxSampler sampler =
        new JmxSampler("127.0.0.1:" + PortAllocator.freePort(), Duration.ofSeconds(2));
    try {
      sampler.sample(new HashMap<>());
      throw new AssertionError("sampling a closed port must throw");
    } catch (Exception expected) {
      assertThat(expected).isNotInstanceOf(AssertionError.class);
    } finally {
      sampler.close();
    }
  }

  @Test
  void probeRecordsOldObjectsAndDumpsTheHeapIntoFiles(@TempDir Path dir) throws Exception {
    try (ServiceJvmProbe probe = new ServiceJvmProbe(address, Duration.ofSeconds(30))) {
      probe.startOldObjectRecording();
      Path jfr = dir.resolve("leak-objects.jfr");
      probe.dumpOldObjectRecording(jfr);
      assertThat(jfr).isNotEmptyFile();
      // dumped and stopped: the recording can be started again
      probe.startOldObjectRecording();
      probe.stopOldObjectRecording();

      Path hprof = dir.resolve("service-heap.hprof");
      Files.writeString(hprof, "an old dump");
      probe.dumpHeap(hprof);
      assertThat(Files.size(hprof)).isGreaterThan(1024 * 1024);
    }
  }
}
