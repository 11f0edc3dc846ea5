package io.pipelineperf.bench;

import io.pipelineperf.monitor.Phases;
import io.pipelineperf.monitor.Sample;
import io.pipelineperf.monitor.TimeSeriesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU the whole load-generator JVM (Gatling, the Kafka clients, the tracker, the samplers) spent
 * per message in the measured phase, in microseconds: the growth of its process CPU time ({@code
 * inj.cpu.ms} in timeseries.jsonl) from the first to the last measured sample, divided by the
 * messages of that span at the achieved rate. Runs recorded before {@code inj.cpu.ms} existed fall
 * back to the mean {@code inj.cpu.pct} (of all cores) times {@code host.cpus}.
 */
final class InjectorCost {

  private InjectorCost() {}

  /** Microseconds of CPU per message, or null when the run folder has no measured samples. */
  static Double microsPerMessage(Path runFolder, double achievedPerSecond) {
    Path file = runFolder.resolve(TimeSeriesFile.FILE_NAME);
    if (achievedPerSecond <= 0 || !Files.isRegularFile(file)) {
      return null;
    }
    List<Sample> measured =
        TimeSeriesFile.read(file).stream().filter(s -> Phases.MEASURED.equals(s.phase())).toList();
    return microsPerMessage(measured, achievedPerSecond);
  }

  static Double microsPerMessage(List<Sample> measured, double achievedPerSecond) {
    if (measured.size() < 2 || achievedPerSecond <= 0) {
      return null;
    }
    Sample first = measured.get(0);
    Sample last = measured.get(measured.size() - 1);
    double seconds = (last.t() - first.t()) / 1000.0;
    if (seconds <= 0) {
      return null;
    }
    double cpuMillis;
    if (first.has("inj.cpu.ms") && last.has("inj.cpu.ms")) {
      cpuMillis = last.get("inj.cpu.ms") - first.get("inj.cpu.ms");
    } else {
      double pctSum = 0;
      int n = 0;
      for (Sample s : measured) {
        if (s.has("inj.cpu.pct")) {
          pctSum += s.get("inj.cpu.pct");
          n++;
        }
      }
      Double cpus = last.get("host.cpus");
      if (n == 0 || cpus == null) {
        return null;
      }
      cpuMillis = pctSum / n / 100 * cpus * seconds * 1000;
    }
    return cpuMillis * 1000 / (achievedPerSecond * seconds);
  }
}
