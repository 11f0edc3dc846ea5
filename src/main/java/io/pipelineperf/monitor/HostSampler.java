package io.pipelineperf.monitor;

import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/** The whole machine (host.*) through OSHI: CPU busy %, memory, load average. */
public final class HostSampler implements Sampler {

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private long[] previousTicks;

  public HostSampler() {
    SystemInfo system = new SystemInfo();
    this.processor = system.getHardware().getProcessor();
    this.memory = system.getHardware().getMemory();
    this.previousTicks = processor.getSystemCpuLoadTicks();
  }

  @Override
  public String name() {
    return "host";
  }

  @Override
  public String source() {
    return "OSHI";
  }

  @Override
  public void sample(Map<String, Double> into) {
    long[] ticks = processor.getSystemCpuLoadTicks();
    into.put("host.cpu.pct", processor.getSystemCpuLoadBetweenTicks(previousTicks) * 100);
    previousTicks = ticks;
    long total = memory.getTotal();
    into.put("host.mem.total.bytes", (double) total);
    into.put("host.mem.used.bytes", (double) (total - memory.getAvailable()));
    double load1 = processor.getSystemLoadAverage(1)[0];
    if (load1 >= 0) {
      into.put("host.load1", load1);
    }
    into.put("host.cpus", (double) processor.getLogicalProcessorCount());
  }
}
