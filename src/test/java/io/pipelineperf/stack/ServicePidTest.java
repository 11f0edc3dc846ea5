package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicePidTest {

  @AfterEach
  void clear() {
    System.clearProperty("service.pid");
    System.clearProperty("service.pidFile");
  }

  @Test
  void noSettingMeansUnknown() {
    assertThat(ServicePid.fromSystemProperties()).isEqualTo(-1);
  }

  @Test
  void aPidOrAPidFileReadAtEveryCall(@TempDir Path dir) throws Exception {
    System.setProperty("service.pid", "4242");
    assertThat(ServicePid.fromSystemProperties()).isEqualTo(4242);
    System.clearProperty("service.pid");

    Path file = dir.resolve("svc.pid");
    System.setProperty("service.pidFile", file.toString());
    assertThat(ServicePid.fromSystemProperties()).isEqualTo(-1); // not written yet
    Files.writeString(file, "77\n");
    assertThat(ServicePid.fromSystemProperties()).isEqualTo(77);
    Files.writeString(file, "78");
    assertThat(ServicePid.fromSystemProperties()).isEqualTo(78); // restarted
  }

  @Test
  void aMalformedPidNamesTheSetting() {
    System.setProperty("service.pid", "svc");
    assertThatThrownBy(ServicePid::fromSystemProperties)
        .isInstanceOf(StackConfigException.class)
        .hasMessageContaining("-Dservice.pid=svc does not hold a process id");
  }
}
