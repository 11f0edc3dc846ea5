package io.pipelineperf.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineperf.analysis.LeakAnalysis;
import io.pipelineperf.analysis.LeakReport;
import io.pipelineperf.analysis.LeakVerdict;
import io.pipelineperf.monitor.Sample;
import io.pipelineperf.monitor.TimeSeriesFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link LeakSimulation} as a user runs it (a real Gatling run, its own embedded stack and service
 * JVM each time), proving each leak verdict on a planted defect: {@code heap-leak} is a LEAK named
 * by its class, {@code thread-leak}, {@code fd-leak} and {@code session-leak} are LEAKs that the
 * cleanup check after the drain also fails, {@code native-leak} is a native-memory LEAK in NMT's
 * {@code Other} (all five in one run), a {@code bounded-cache} that fills and levels off is not
 * (and gives its threads, files and sessions back, and its native memory stays STABLE), and a run
 * too short for enough GC cycles is INCONCLUSIVE. Two runs in CI of 8 s warm-up and 40 s measured
 * at 1500 msg/s (the bounded cache is full within the warm-up), about a minute each; the clean
 * service's run is tagged extended (mvn verify -Dit.excludedGroups=none).
 */
// alone: the verdicts rest on the service's GC behaviour, and its system properties configure runs
@Isolated
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class LeakDetectionIT {

  private static final Path RESULTS = Path.of("target", "it-leak-runs").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static GatlingRun run(String defect) throws Exception {
    return run(defect, Map.of());
  }

  private static GatlingRun run(String defect, Map<String, String> more) throws Exception {
    Map<String, String> props = new HashMap<>(more);
    props.put("warmup", "8");
    props.put("duration", "40");
    if (defect != null) {
      props.put("service.defect", defect);
    }
    GatlingRun run = GatlingRun.of(LeakSimulation.class, RESULTS, props);
    System.out.printf(
        "[leak-it] defect=%s: leak %s%n[leak-it] cleanup %s%n[leak-it] memory %s%n"
            + "[leak-it] service %s%n",
        defect,
        run.summary().path("leak"),
        run.summary().path("cleanup"),
        run.summary().path("memory"),
        run.summary().path("resources").path("service"));
    return run;
  }

  private static JsonNode leak(GatlingRun run) {
    JsonNode leak = run.summary().path("leak");
    assertThat(leak.isObject()).as("leak section in " + run.summary()).isTrue();
    return leak;
  }

  @Test
  void heapLeakIsALeakNamedByItsClassAndThreadFdSessionAndNativeLeaksAreToo() throws Exception {
    // the thread, fd, session and native leaks ride along (CI time): they hardly touch the heap
    GatlingRun run = run("heap-leak,thread-leak,fd-leak,session-leak,native-leak");
    JsonNode leak = leak(run);

    // native memory outside the heap (NMT), mostly the direct buffers in "Other"; RSS rose too
    JsonNode nativeMemory = leak.path("nativeMemory");
    assertThat(nativeMemory.path("verdict").asText())
        .as("native " + nativeMemory)
        .isEqualTo("LEAK");
    assertThat(nativeMemory.path("grewCategories").path(0).path("category").asText())
        .isEqualTo("Other");
    assertThat(nativeMemory.path("residualAgrees").asBoolean()).isTrue();
    assertThat(run.folder().resolve("nmt-diff.txt")).isNotEmptyFile();
    JsonNode memory = run.summary().path("memory");
    assertThat(memory.path("nativeMemory").path("enabled").asBoolean()).isTrue();
    assertThat(memory.path("rssGrowthMb").asDouble()).isGreaterThan(20);
    assertThat(memory.path("directBuffersGrowthMb").asDouble()).isGreaterThan(20);
    // what the lab's JMX sampling cost the service: its RMI threads, from /proc by pid
    JsonNode service = run.summary().path("resources").path("service");
    assertThat(service.path("samplingCpuMs").asDouble()).as("service " + service).isPositive();
    assertThat(service.path("cpuByThreadMs").size()).isPositive();

    assertThat(leak.path("threads").path("verdict").asText()).isEqualTo("LEAK");
    assertThat(leak.path("fileDescriptors").path("verdict").asText()).isEqualTo("LEAK");
    assertThat(leak.path("dbSessions").path("verdict").asText()).isEqualTo("LEAK");
    assertThat(leak.path("heap").path("verdict").asText()).isEqualTo("LEAK");
    assertThat(leak.path("verdict").asText()).isEqualTo("LEAK");
    assertThat(leak.path("residual").path("agrees").asBoolean()).isTrue();
    assertThat(leak.path("growingClasses").toString()).contains("LeakyAuditTrail");
    // JFR attribution: the top old-object candidate is the audit trail's entry (or has it on its
    // chain to the GC root), and the recording is kept in the run folder
    JsonNode top = leak.path("candidates").path(0);
    assertThat(top.path("type").asText() + top.path("holder").asText() + top.path("chain"))
        .as("top JFR leak candidate in " + leak.path("candidates"))
        .contains("LeakyAuditTrail");
    assertThat(run.folder().resolve("leak-objects.jfr")).isNotEmptyFile();
    assertThat(run.assertion(noLeakDescription(run)).path("passed").asBoolean()).isFalse();
    // what leaked is not given back after the drain: the cleanup check fails on each
    JsonNode cleanup = run.summary().path("cleanup");
    assertThat(cleanup.path("verdict").asText()).as("cleanup " + cleanup).isEqualTo("FAIL");
    assertThat(cleanupVerdict(run, "threads")).isEqualTo("FAIL");
    assertThat(cleanupVerdict(run, "fileDescriptors")).isEqualTo("FAIL");
    assertThat(cleanupVerdict(run, "dbSessions")).isEqualTo("FAIL");
    assertThat(failedCleanupChecks(run)).isGreaterThanOrEqualTo(3);
    assertThat(run.verdict()).isNotEqualTo("PASS");
    assertThat(run.status()).as("Gatling exit status").isNotZero();
  }

  // Extended (not in CI, for its time): the bounded cache below is the harder true negative
  @Tag("extended")
  @Test
  void cleanServiceIsNotALeakAndATooShortRunIsInconclusive() throws Exception {
    GatlingRun run = run(null);
    JsonNode leak = leak(run);

    assertThat(leak.path("heap").path("verdict").asText()).isEqualTo("STABLE");
    assertThat(leak.path("threads").path("verdict").asText()).isEqualTo("STABLE");
    assertThat(leak.path("nativeMemory").path("verdict").asText()).isEqualTo("STABLE");
    assertThat(leak.path("verdict").asText()).isEqualTo("STABLE");
    assertThat(run.assertion(noLeakDescription(run)).path("passed").asBoolean()).isTrue();

    assertTooShortIsInconclusive(run);
  }

  @Test
  void boundedCacheIsNotALeakAndATooShortRunIsInconclusive() throws Exception {
    // 10000 entries of 2 KiB (20 MB, as the defaults' 20000 of 1 KiB) fill within the warm-up's
    // 12000 messages: saturated for the whole measured phase. With the defaults the cache filled ~5
    // s into it and the heap verdict hung on the young-GC troughs' noise and a residual that held
    // the last 8-13 MB of the fill (1 LEAK in 3 runs here)
    GatlingRun run =
        run(
            "bounded-cache",
            Map.of(
                "service.defect.cacheEntries", "10000", "service.defect.cacheEntryBytes", "2048"));
    JsonNode leak = leak(run);

    assertThat(leak.path("heap").path("verdict").asText()).isNotEqualTo("LEAK");
    assertThat(leak.path("threads").path("verdict").asText()).isEqualTo("STABLE");
    assertThat(leak.path("fileDescriptors").path("verdict").asText()).isEqualTo("STABLE");
    assertThat(leak.path("dbSessions").path("verdict").asText()).isEqualTo("STABLE");
    // the clean service's native memory in CI: JIT code and arenas move, nothing keeps growing
    assertThat(leak.path("nativeMemory").path("verdict").asText())
        .as("native " + leak.path("nativeMemory"))
        .isEqualTo("STABLE");
    assertThat(leak.path("verdict").asText()).isNotEqualTo("LEAK");
    assertThat(run.assertion(noLeakDescription(run)).path("passed").asBoolean()).isTrue();
    // a cache holds heap, not threads, files or sessions: all given back after the drain
    JsonNode cleanup = run.summary().path("cleanup");
    assertThat(cleanup.path("verdict").asText()).as("cleanup " + cleanup).isEqualTo("PASS");
    assertThat(cleanupVerdict(run, "dbSessions")).isEqualTo("PASS");
    assertThat(failedCleanupChecks(run)).isZero();
    assertTooShortIsInconclusive(run);
  }

  private static String cleanupVerdict(GatlingRun run, String signal) {
    for (JsonNode e : run.summary().path("cleanup").path("signals")) {
      if (e.path("signal").asText().equals(signal)) {
        return e.path("verdict").asText();
      }
    }
    throw new AssertionError("no cleanup signal " + signal + " in " + run.summary());
  }

  private static long failedCleanupChecks(GatlingRun run) {
    long failed = 0;
    for (JsonNode a : run.summary().path("assertions")) {
      if (a.path("description").asText().startsWith("cleanup after drain")
          && !a.path("passed").asBoolean()) {
        failed++;
      }
    }
    return failed;
  }

  /** The same run cut to its first 6 measured seconds: too few GC cycles to tell. */
  private static void assertTooShortIsInconclusive(GatlingRun run) throws Exception {
    List<Sample> samples = TimeSeriesFile.read(run.folder());
    long measuredFrom =
        samples.stream().filter(s -> s.phase().equals("measured")).findFirst().orElseThrow().t();
    List<Sample> tooShort = samples.stream().filter(s -> s.t() < measuredFrom + 6000).toList();
    LeakReport cut =
        LeakAnalysis.analyse(tooShort, null, List.of(), 1500, LeakAnalysis.Settings.defaults());
    assertThat(cut.heap().verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
    assertThat(cut.verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
  }

  private static String noLeakDescription(GatlingRun run) {
    for (JsonNode a : run.summary().path("assertions")) {
      if (a.path("description").asText().startsWith("no leak")) {
        return a.path("description").asText();
      }
    }
    throw new AssertionError("no 'no leak' assertion in " + run.summary().path("assertions"));
  }
}
