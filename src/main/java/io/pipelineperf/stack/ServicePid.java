package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pid of a service the lab did not start: {@code -Dservice.pid=<n>}, or {@code
 * -Dservice.pidFile=<path>} read at every call (so a service restarted by its own supervisor is
 * followed). Malformed settings fail naming the setting; a pid file that is missing or empty for
 * the moment (a restart in progress) gives -1.
 */
public final class ServicePid {

  private ServicePid() {}

  /** The pid, or -1 when neither setting is given or the pid file is empty right now. */
  public static long fromSystemProperties() {
    String pid = System.getProperty("service.pid", "").strip();
    if (!pid.isEmpty()) {
      return parse(pid, "-Dservice.pid=" + pid);
    }
    String file = System.getProperty("service.pidFile", "").strip();
    if (file.isEmpty()) {
      return -1;
    }
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return -1;
    }
    return text.isEmpty() ? -1 : parse(text, "the pid file -Dservice.pidFile=" + file);
  }

  private static long parse(String text, String what) {
    try {
      long pid = Long.parseLong(text);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new StackConfigException(
        what + " does not hold a process id: give the service's pid as a positive whole number");
  }
}
