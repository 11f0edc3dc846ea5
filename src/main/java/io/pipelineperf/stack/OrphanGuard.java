package io.pipelineperf.stack;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Launcher for the stack's child JVMs: {@code OrphanGuard <parentPid> <mainClass> [args...]}. Runs
 * {@code mainClass} and halts this JVM as soon as the parent process is gone (even when the parent
 * was SIGKILLed and could not clean up).
 */
public final class OrphanGuard {
  private OrphanGuard() {}

  /**
   * The command line that runs {@code mainClass} in a new JVM (this JVM's java and classpath) which
   * halts when this JVM is gone.
   */
  public static List<String> javaCommand(
      List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildJvm.javaExecutable());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(ChildJvm.classpath());
    cmd.add(OrphanGuard.class.getName());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: OrphanGuard <parentPid> <mainClass> [args...]");
      System.exit(2);
    }
    long parentPid = Long.parseLong(args[0]);
    watchParent(parentPid);
    Class<?> main = Class.forName(args[1]);
    Method method = main.getMethod("main", String[].class);
    method.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }

  static void watchParent(long parentPid) {
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      System.err.println("OrphanGuard: parent process " + parentPid + " is gone; halting");
      Runtime.getRuntime().halt(3);
    }
    Thread watcher =
        new Thread(
            () -> {
              parent.get().onExit().join();
              System.err.println("OrphanGuard: parent process " + parentPid + " ended; halting");
              Runtime.getRuntime().halt(3);
            },
            "orphan-guard");
    watcher.setDaemon(true);
    watcher.start();
  }
}
