package io.pipelineperf.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A private hosts file for a DNS-failure fault. A JVM started with {@link #jvmArguments()} resolves
 * names only from this file (the JDK's {@code jdk.net.hosts.file}), without caching: {@link
 * #map(String, String)} makes a name resolve, {@link #unmap(String)} makes it stop resolving
 * ({@code UnknownHostException}) from the next lookup on. {@code localhost} always resolves. The
 * file is replaced atomically, so a reader never sees half of it.
 */
public final class HostsFile {
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

  private final Path path;
  private final Map<String, String> entries = new LinkedHashMap<>();

  private HostsFile(Path path) {
    this.path = path;
    entries.put("localhost", "127.0.0.1");
  }

  /** Creates (or overwrites) the file with only {@code localhost}. */
  public static HostsFile create(Path path) {
    HostsFile file = new HostsFile(path.toAbsolutePath());
    file.write();
    file.replace(
        file.securityPropertiesPath(),
        "# written by pipeline-perf HostsFile: no caching of name lookups\n"
            + "networkaddress.cache.ttl=0\n"
            + "networkaddress.cache.negative.ttl=0\n");
    return file;
  }

  public Path path() {
    return path;
  }

  /** Maps the name to a loopback address (e.g. "127.0.0.1"); the name resolves from now on. */
  public synchronized HostsFile map(String host, String loopbackAddress) {
    requireHostName(host);
    requireLoopback(loopbackAddress);
    entries.put(host, loopbackAddress);
    write();
    return this;
  }

  /** Removes the name: lookups of it fail from now on (the DNS-failure fault). */
  public synchronized HostsFile unmap(String host) {
    requireHostName(host);
    if ("localhost".equalsIgnoreCase(host)) {
      throw new IllegalArgumentException("localhost always stays in the hosts file");
    }
    entries.remove(host);
    write();
    return this;
  }

  public synchronized boolean isMapped(String host) {
    return entries.containsKey(host);
  }

  /**
   * The options for the JVM that should use the file: the file itself, and no caching of good or
   * failed lookups, so changes take effect at the next lookup. The cache times are security
   * properties (the JDK's java.security sets the negative one to 10 s, which a plain system
   * property cannot override), so they go in a small file beside the hosts file.
   */
  public List<String> jvmArguments() {
    return List.of(
        "-Djdk.net.hosts.file=" + path, "-Djava.security.properties=" + securityPropertiesPath());
  }

  /** The security properties file that turns off the JDK's name cache; see jvmArguments(). */
  public Path securityPropertiesPath() {
    return path.resolveSibling(path.getFileName() + ".security");
  }

  private void write() {
    StringBuilder text = new StringBuilder("# written by pipeline-perf HostsFile\n");
    entries.forEach((host, ip) -> text.append(ip).append(' ').append(host).append('\n'));
    replace(path, text.toString());
  }

  private void replace(Path target, String text) {
    try {
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".hosts", ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target, e);
    }
  }

  private static void requireHostName(String host) {
    if (host == null || host.length() > 253 || !HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "'" + host + "' is not a host name (letters, digits, '-', dots), e.g. 'kafka-broker'");
    }
  }

  private static void requireLoopback(String address) {
    boolean loopback;
    try {
      // a literal address is parsed, never looked up
      loopback =
          address != null
              && address.matches("[0-9.]+|[0-9a-fA-F:]+")
              && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new IllegalArgumentException(
          "'"
              + address
              + "' is not a loopback address: map names to 127.0.0.1 (traffic stays local)");
    }
  }
}
