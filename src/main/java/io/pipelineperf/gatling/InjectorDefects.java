package io.pipelineperf.gatling;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The planted load-generator defects switched on by {@code -Dinjector.defect=} (comma-separated),
 * off by default. Each exists to prove that a run whose load generator fell behind is judged
 * INVALID, never PASS or FAIL.
 */
final class InjectorDefects {

  static final String SLOW_SENDER = "slow-sender";
  static final String SLOW_WATCHER = "slow-watcher";
  private static final List<String> KNOWN = List.of(SLOW_SENDER, SLOW_WATCHER);

  private InjectorDefects() {}

  /** The defects named by {@code -Dinjector.defect=}; an unknown name fails before any load. */
  static Set<String> fromSystemProperties() {
    return parse(System.getProperty("injector.defect", ""));
  }

  static Set<String> parse(String value) {
    Set<String> defects = new LinkedHashSet<>();
    for (String name : value.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!KNOWN.contains(trimmed)) {
        throw new IllegalArgumentException(
            "-Dinjector.defect="
                + value
                + ": '"
                + trimmed
                + "' is unknown; the planted injector defects are "
                + String.join(", ", KNOWN));
      }
      defects.add(trimmed);
    }
    return defects;
  }
}
