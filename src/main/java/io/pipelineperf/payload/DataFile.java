package io.pipelineperf.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A file named by a setting ({@code -Dpayload=simulations-data/payloads/order.json}): a path as
 * given (relative to the project), else the same name on the test classpath, where {@code
 * simulations-data/} is a resource root.
 */
record DataFile(String setting, String name, Path path, URL resource) {

  private static final String DATA_ROOT = "simulations-data/";

  /** The file, or an error naming the setting and what was tried. */
  static DataFile find(String setting, String name) {
    Path path = Path.of(name);
    if (Files.isRegularFile(path)) {
      return new DataFile(setting, name, path.toAbsolutePath(), null);
    }
    String resourceName = name.startsWith(DATA_ROOT) ? name.substring(DATA_ROOT.length()) : name;
    URL resource = DataFile.class.getClassLoader().getResource(resourceName);
    if (resource != null) {
      return new DataFile(setting, name, null, resource);
    }
    throw new IllegalArgumentException(
        "-D"
            + setting
            + "="
            + name
            + ": no such file (looked for "
            + path.toAbsolutePath()
            + " and for "
            + resourceName
            + " on the test classpath)"
            + siblings(path));
  }

  /** What Gatling's feeders should be given: the absolute path, or the classpath name. */
  String forGatling() {
    return path != null
        ? path.toString()
        : name.startsWith(DATA_ROOT) ? name.substring(DATA_ROOT.length()) : name;
  }

  String text() {
    try (InputStream in = path != null ? Files.newInputStream(path) : resource.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("-D" + setting + "=" + name + ": cannot read it", e);
    }
  }

  boolean isJson() {
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
  }

  private static String siblings(Path path) {
    Path dir = path.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return "";
    }
    try (Stream<Path> files = Files.list(dir)) {
      String names =
          files
              .filter(Files::isRegularFile)
              .map(p -> p.getFileName().toString())
              .sorted()
              .collect(Collectors.joining(", "));
      return names.isEmpty() ? "" : "; " + dir + " has: " + names;
    } catch (IOException e) {
      return "";
    }
  }
}
