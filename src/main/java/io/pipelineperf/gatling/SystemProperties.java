package io.pipelineperf.gatling;

import java.util.LinkedHashMap;
import java.util.Map;

final class SystemProperties {

  private SystemProperties() {}

  /** Every system property starting with the prefix, keyed without it. */
  static Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        found.put(name.substring(prefix.length()), System.getProperty(name));
      }
    }
    return found;
  }
}
