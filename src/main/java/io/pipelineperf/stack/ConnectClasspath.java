package io.pipelineperf.stack;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka Connect worker's classpath: the jars {@code src/main/connect/pom.xml} names (Connect
 * runtime, Debezium's JDBC sink, the PostgreSQL driver, logback), kept off the test classpath
 * because Connect's Jetty 12.0 would replace Javalin's 12.1. Resolved on first use by running Maven
 * on that pom ({@code dependency:build-classpath}) into {@code target/connect-classpath.txt}, again
 * whenever the pom is newer; the project's own classes are added for {@link OrphanGuard}.
 *
 * <p>{@code -Dconnect.classpath=} gives a classpath and skips Maven; {@code -Dconnect.mvn=} names
 * the Maven executable (default: {@code $MAVEN_HOME/bin/mvn}, else {@code mvn} on the PATH).
 */
final class ConnectClasspath {
  static final String POM = "src/main/connect/pom.xml";
  static final String OUTPUT = "target/connect-classpath.txt";
  private static final long MAVEN_TIMEOUT_MINUTES = 10;

  private ConnectClasspath() {}

  /** The worker's classpath, resolving it first if needed (can take a minute on a fresh clone). */
  static synchronized String resolve() {
    String given = System.getProperty("connect.classpath");
    if (given != null && !given.isBlank()) {
      return given + java.io.File.pathSeparator + projectClasses();
    }
    Path basedir = projectDir();
    Path pom = basedir.resolve(POM);
    Path output = basedir.resolve(OUTPUT);
    try {
      if (!Files.isRegularFile(pom)) {
        throw new StackStartException(
            pom
                + " is missing: -Dsut=kafka-connect-jdbc needs the project's source tree, or pass"
                + " the worker's classpath with -Dconnect.classpath=");
      }
      if (!Files.isRegularFile(output)
          || Files.getLastModifiedTime(output).compareTo(Files.getLastModifiedTime(pom)) < 0) {
        runMaven(pom, output);
      }
      String jars = Files.readString(output, StandardCharsets.UTF_8).strip();
      return jars + java.io.File.pathSeparator + projectClasses();
    } catch (IOException e) {
      throw new StackStartException("cannot resolve the Kafka Connect classpath: " + e, e);
    }
  }

  private static void runMaven(Path pom, Path output) throws IOException {
    Files.createDirectories(output.getParent());
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    Path log = output.resolveSibling("connect-classpath.log");
    List<String> cmd =
        new ArrayList<>(List.of(mavenExecutable(), "-B", "-q", "-f", pom.toString()));
    String repo = System.getProperty("maven.repo.local");
    if (repo != null && !repo.isBlank()) {
      cmd.add("-Dmaven.repo.local=" + repo);
    }
    cmd.add("dependency:build-classpath");
    cmd.add("-Dmdep.outputFile=" + partial);
    System.out.println("[stack] resolving the Kafka Connect classpath: " + String.join(" ", cmd));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    try {
      if (!p.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new StackStartException(
            "Maven did not resolve "
                + pom
                + " within "
                + MAVEN_TIMEOUT_MINUTES
                + " min; see "
                + log);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while resolving the Kafka Connect classpath", e);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(partial)) {
      throw new StackStartException(
          "Maven could not resolve the Kafka Connect classpath (exit "
              + p.exitValue()
              + "); last lines of "
              + log
              + ":\n"
              + LogTail.of(log, 30));
    }
    Files.move(
        partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String mavenExecutable() {
    String given = System.getProperty("connect.mvn");
    if (given != null && !given.isBlank()) {
      return given;
    }
    for (String home :
        new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME")}) {
      if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
        return Path.of(home, "bin", "mvn").toString();
      }
    }
    return "mvn";
  }

  /** Where this project's classes are: {@code <basedir>/target/classes} in a Maven build. */
  static Path projectClasses() {
    try {
      return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new StackStartException("cannot locate the project's classes: " + e, e);
    }
  }

  /** The project directory: two levels above target/classes, else the working directory. */
  static Path projectDir() {
    Path classes = projectClasses();
    Path candidate = classes.getParent() == null ? null : classes.getParent().getParent();
    if (candidate != null && Files.isRegularFile(candidate.resolve(POM))) {
      return candidate;
    }
    return Path.of(System.getProperty("user.dir")).toAbsolutePath();
  }
}
