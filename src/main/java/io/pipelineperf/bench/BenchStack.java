package io.pipelineperf.bench;

import io.pipelineperf.stack.EmbeddedStack;
import io.pipelineperf.stack.Settings;
import io.pipelineperf.stack.StackConfig;
import io.pipelineperf.stack.StackMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One embedded stack (broker, PostgreSQL, service: each its own process) started in the runner's
 * JVM from {@code -D} stack flags, with a {@link ComponentSampler} on its pids. Closing it stops
 * the sampler and the stack and wipes the stack's data (so does the stack's own shutdown hook).
 */
final class BenchStack implements AutoCloseable {

  private final EmbeddedStack stack;
  private final ComponentSampler sampler;

  private BenchStack(EmbeddedStack stack) {
    this.stack = stack;
    Map<String, Long> jvms = new LinkedHashMap<>();
    jvms.put(ComponentUsage.SERVICE, stack.servicePid());
    jvms.put(ComponentUsage.BROKER, stack.broker().pid());
    this.sampler = new ComponentSampler(jvms, stack.postgres().pid());
  }

  /**
   * Starts a stack with these flags (e.g. {@code -Dservice.consumer.threads=3}), logs in runDir.
   */
  static BenchStack start(List<String> flags, Path runDir) {
    Map<String, String> props = properties(flags);
    props.put("stack.runDir", runDir.toAbsolutePath().toString());
    props.remove("target");
    // the environment is not read: a run's stack is what its flags say, nothing else
    return new BenchStack(EmbeddedStack.start(StackConfig.from(new Settings(props, Map.of()))));
  }

  /** {@code -Dk=v} flags as a map (a flag without '=' is "true"); anything else is refused. */
  static Map<String, String> properties(List<String> flags) {
    Map<String, String> props = new LinkedHashMap<>();
    for (String f : flags) {
      if (!f.startsWith("-D") || f.length() < 3) {
        throw new IllegalArgumentException(
            "stack flags are -Dkey=value flags, got '" + f + "' (quotes are not supported)");
      }
      int eq = f.indexOf('=');
      if (eq < 0) {
        props.put(f.substring(2), "true");
      } else {
        props.put(f.substring(2, eq), f.substring(eq + 1));
      }
    }
    return props;
  }

  /** Flags as one string, split on white space (as bash's {@code read -a} did). */
  static List<String> split(String flags) {
    return flags == null || flags.isBlank()
        ? List.of()
        : new ArrayList<>(Arrays.asList(flags.trim().split("\\s+")));
  }

  /** {@code -Dtarget=external -Dkafka.bootstrap=… -Ddb.url=… …}: what a Gatling step gets. */
  List<String> targetFlags() {
    return split(StackMain.endpoints(stack));
  }

  String bootstrap() {
    return stack.kafkaBootstrap();
  }

  /** The service's HTTP base URL, or null. */
  String httpUrl() {
    return stack.httpUrl();
  }

  /** The CPUs the service is pinned to, or null when it may use every CPU. */
  Integer serviceCores() {
    return stack.config().serviceCpus() == null ? null : stack.config().serviceCpus().size();
  }

  String pids() {
    return "kafka="
        + stack.broker().pid()
        + " postgres="
        + stack.postgres().pid()
        + " service="
        + stack.servicePid()
        + (stack.config().serviceCpus() == null
            ? ""
            : " (service on CPUs " + stack.config().serviceCpus().cpus() + ")")
        + " workDir="
        + stack.workDir();
  }

  ComponentSampler sampler() {
    return sampler;
  }

  @Override
  public void close() {
    try {
      sampler.close();
    } finally {
      stack.close();
    }
  }
}
