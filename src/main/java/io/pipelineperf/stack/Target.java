package io.pipelineperf.stack;

import java.util.Locale;

/** Where the pipeline under test runs: started by us (embedded) or already running (external). */
public enum Target {
  EMBEDDED,
  EXTERNAL;

  /** Parses {@code -Dtarget}; blank means {@link #EMBEDDED}. */
  public static Target parse(String value) {
    if (value == null || value.isBlank()) {
      return EMBEDDED;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new StackConfigException(
          "target='"
              + value
              + "' is not a known target: use -Dtarget=embedded or -Dtarget=external");
    }
  }
}
