package io.pipelineperf.stack;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts the embedded stack, prints its endpoints as {@code -D} flags for {@code
 * -Dtarget=external}, and runs until Ctrl-C or {@code -Dstack.maxMinutes} (default 120).
 *
 * <p>Run it with a real classpath (the children get this JVM's classpath, or {@code
 * -Dstack.classpath}), e.g. {@code mvn -q compile org.codehaus.mojo:exec-maven-plugin:3.6.4:exec
 * -Dexec.executable=java "-Dexec.args=-cp %classpath io.pipelineperf.stack.StackMain"}. Not {@code
 * exec:java}: that runs inside Maven's JVM, whose classpath is Maven's own.
 */
public final class StackMain {
  private StackMain() {}

  public static void main(String[] args) throws InterruptedException {
    Settings settings = Settings.fromSystem();
    int maxMinutes = settings.getInt("stack.maxMinutes", 120, 1, 7 * 24 * 60);
    StackConfig config = StackConfig.from(settings);
    if (config.target() != Target.EMBEDDED) {
      throw new StackConfigException(
          "StackMain starts the embedded stack: remove -Dtarget=" + config.target());
    }
    EmbeddedStack stack = EmbeddedStack.start(config);
    CountDownLatch forever = new CountDownLatch(1);
    System.out.println(endpoints(stack));
    System.out.println(
        "[stack] pids kafka="
            + stack.broker().pid()
            + " postgres="
            + stack.postgres().pid()
            + " service="
            + stack.sut().pid()
            + " workDir="
            + stack.workDir());
    if (config.serviceCpus() != null) {
      System.out.println(
          "[stack] service pinned to CPUs " + config.serviceCpus().cpus() + " (taskset)");
    }
    stack.kafkaProxy().ifPresent(p -> System.out.println("[stack] service -> kafka through " + p));
    stack.dbProxy().ifPresent(p -> System.out.println("[stack] service -> postgres through " + p));
    stack
        .hostsFile()
        .ifPresent(h -> System.out.println("[stack] service resolves names from " + h.path()));
    stack
        .diskMount()
        .ifPresent(
            m ->
                System.out.println("[stack] postgres data on a " + m.size() + " tmpfs " + m.dir()));
    System.out.println(
        "[stack] running for at most " + maxMinutes + " min; Ctrl-C stops it and wipes its data");
    System.out.flush();
    if (!forever.await(maxMinutes, TimeUnit.MINUTES)) {
      System.out.println("[stack] stack.maxMinutes=" + maxMinutes + " reached; stopping");
    }
    stack.close();
    System.exit(0);
  }

  /** The endpoints as flags ready to paste after {@code mvn gatling:test}. */
  public static String endpoints(Stack stack) {
    return "-Dtarget=external"
        + " -Dkafka.bootstrap="
        + stack.kafkaBootstrap()
        + " -Ddb.url="
        + stack.dbUrl()
        + " -Ddb.user="
        + stack.dbUser()
        + " -Ddb.password="
        + stack.dbPassword()
        + (stack.httpUrl() == null ? "" : " -Dhttp.url=" + stack.httpUrl());
  }
}
