package io.pipelineperf.bench.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The environment a benchmark ran in. Only runs with the same {@link #key()} are compared: the
 * machine (CPU model, cores), the JDK's feature release, the OS and architecture, the workload and
 * its key settings. The commit, the kernel version and the planted defects are recorded but are not
 * part of the key: a new commit or a planted defect is exactly what the comparison is for.
 */
public record Fingerprint(
    String cpuModel,
    int cores,
    Long memTotalKb,
    String jdk,
    String os,
    String osVersion,
    String commit,
    String workload,
    Map<String, String> keySettings,
    String plantedDefects) {

  /** The run.properties settings that change what is measured (the rates are in metric names). */
  static final String[] KEY_SETTINGS = {
    "stepSeconds",
    "warmupSeconds",
    "rampSeconds",
    "pipelineWarmupSeconds",
    "stackFlags",
    "extraFlags"
  };

  public Fingerprint {
    keySettings = new TreeMap<>(keySettings);
  }

  /** Like with like: equal keys compare. */
  public String key() {
    String settings =
        keySettings.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(";"));
    return String.join(
        "|", workload, cpuModel, String.valueOf(cores), jdkFeature(jdk), os, settings);
  }

  /** This machine and JVM, with the settings and commit of a run (from its run.properties). */
  public static Fingerprint of(String workload, Map<String, String> runSettings) {
    Map<String, String> key = new TreeMap<>();
    for (String k : KEY_SETTINGS) {
      String v = runSettings.get(k);
      if (v != null) {
        key.put(k, withoutDefects(v.trim()));
      }
    }
    String defects =
        Arrays.stream(
                (runSettings.getOrDefault("stackFlags", "")
                        + " "
                        + runSettings.getOrDefault("extraFlags", ""))
                    .trim()
                    .split("\\s+"))
            .filter(Fingerprint::isDefectFlag)
            .collect(Collectors.joining(" "));
    String mem = runSettings.get("memTotalKb");
    return new Fingerprint(
        machineCpuModel(),
        runSettings.containsKey("cores")
            ? Integer.parseInt(runSettings.get("cores").trim())
            : Runtime.getRuntime().availableProcessors(),
        mem == null || mem.isBlank() ? null : Long.valueOf(mem.trim()),
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("os.version"),
        runSettings.getOrDefault("commit", "unknown"),
        workload,
        key,
        defects);
  }

  private static boolean isDefectFlag(String flag) {
    return flag.startsWith("-Dservice.defect") || flag.startsWith("-Ddefect");
  }

  private static String withoutDefects(String flags) {
    return Arrays.stream(flags.split("\\s+"))
        .filter(f -> !f.isEmpty() && !isDefectFlag(f))
        .collect(Collectors.joining(" "));
  }

  static String jdkFeature(String jdk) {
    String version = jdk.substring(jdk.lastIndexOf(' ') + 1);
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  static String machineCpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }
}
