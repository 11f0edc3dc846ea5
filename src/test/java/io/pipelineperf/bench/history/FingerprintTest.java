package io.pipelineperf.bench.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static Map<String, String> settings(String stackFlags, String cores, String commit) {
    Map<String, String> s = new HashMap<>();
    s.put("stackFlags", stackFlags);
    s.put("extraFlags", "");
    s.put("stepSeconds", "30");
    s.put("cores", cores);
    s.put("commit", commit);
    return s;
  }

  @Test
  void aNewCommitOrAPlantedDefectIsStillLikeTheHistory() {
    Fingerprint clean = Fingerprint.of("quick", settings("-Dtopic.partitions=6", "2", "abc"));
    Fingerprint slowed =
        Fingerprint.of(
            "quick", settings("-Dtopic.partitions=6 -Dservice.defect=slow-write", "2", "def"));

    assertThat(slowed.key()).isEqualTo(clean.key());
    assertThat(slowed.plantedDefects()).isEqualTo("-Dservice.defect=slow-write");
    assertThat(clean.plantedDefects()).isEmpty();
    assertThat(slowed.commit()).isEqualTo("def");
  }

  @Test
  void otherSettingsCoresOrWorkloadAreNotLike() {
    String key = Fingerprint.of("quick", settings("", "2", "abc")).key();
    assertThat(Fingerprint.of("quick", settings("-Dservice.consumer.threads=4", "2", "a")).key())
        .isNotEqualTo(key);
    assertThat(Fingerprint.of("quick", settings("", "4", "abc")).key()).isNotEqualTo(key);
    assertThat(Fingerprint.of("full", settings("", "2", "abc")).key()).isNotEqualTo(key);
  }

  @Test
  void cpuPercentOfTheMachineBecomesMicrosecondsPerMessage() {
    // 50 % of 2 cores at 1000 msg/s = 1 core-second per 1000 messages = 1000 µs each
    assertThat(HistoryRecord.perMessage(50.0, 2, 1000.0)).isEqualTo(1000.0);
    assertThat(HistoryRecord.perMessage(null, 2, 1000.0)).isNull();
    assertThat(HistoryRecord.perMessage(50.0, 2, 0.0)).isNull();
  }
}
