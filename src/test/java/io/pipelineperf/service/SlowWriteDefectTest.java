package io.pipelineperf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowWriteDefectTest {

  private final Map<String, String> props = new HashMap<>();

  private ServiceConfig load() {
    props.put("kafka.bootstrap", "127.0.0.1:9092");
    props.put("db.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    return ServiceConfig.from(props::get, Map.of());
  }

  @Test
  void slowWriteIsAPlantableDefectWithABoundedDelay() {
    props.put("defect", "slow-write");
    ServiceConfig c = load();
    assertThat(c.has(Defect.SLOW_WRITE)).isTrue();
    assertThat(c.defectSlowWriteMs()).isEqualTo(20);

    props.put("defect.slowWriteMs", "35");
    assertThat(load().defectSlowWriteMs()).isEqualTo(35);

    props.put("defect.slowWriteMs", "0");
    assertThatThrownBy(this::load).hasMessageContaining("defect.slowWriteMs=0");
  }

  @Test
  void withoutTheDefectTheServiceIsNotSlowed() {
    assertThat(load().has(Defect.SLOW_WRITE)).isFalse();
    assertThat(Defect.knownNames()).contains("slow-write");
  }
}
