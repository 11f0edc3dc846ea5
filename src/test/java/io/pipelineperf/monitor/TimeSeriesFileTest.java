package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesFileTest {

  @Test
  void writesOneFlatJsonObjectPerLineAndReadsItBack(@TempDir Path dir) throws Exception {
    List<Sample> written = SyntheticRun.healthy().samples();
    try (TimeSeriesFile file = TimeSeriesFile.create(dir)) {
      for (Sample s : written) {
        file.append(s);
      }
    }
    List<String> lines = Files.readAllLines(dir.resolve("timeseries.jsonl"));
    assertThat(lines).hasSize(written.size());
    assertThat(lines.get(0)).startsWith("{\"t\":" + SyntheticRun.T0 + ",\"phase\":\"warm-up\",");
    assertThat(lines.get(0)).contains("\"svc.heap.used.bytes\":419430400}");

    List<Sample> read = TimeSeriesFile.read(dir);
    assertThat(read).isEqualTo(written);
  }
}
