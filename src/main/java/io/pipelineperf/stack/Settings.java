package io.pipelineperf.stack;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a setting from system properties, falling back to the environment variable in UPPER_SNAKE
 * case ({@code db.url} -> {@code DB_URL}). Sources are injected so that parsing is testable.
 */
public final class Settings {
  private final Map<String, String> properties;
  private final Map<String, String> environment;

  public Settings(Map<String, String> properties, Map<String, String> environment) {
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
  }

  public static Settings fromSystem() {
    Map<String, String> props = new TreeMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return new Settings(props, System.getenv());
  }

  /** {@code db.url} -> {@code DB_URL}. */
  public static String envName(String key) {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replace('.', '_')
        .replace('-', '_')
        .toUpperCase(Locale.ROOT);
  }

  public Optional<String> get(String key) {
    String value = properties.get(key);
    if (value == null || value.isBlank()) {
      value = environment.get(envName(key));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public String require(String key, String example) {
    return get(key)
        .orElseThrow(
            () ->
                new StackConfigException(
                    key
                        + " is not set: pass -D"
                        + key
                        + "="
                        + example
                        + " or set the environment variable "
                        + envName(key)));
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new StackConfigException(
          key
              + "='"
              + raw.get()
              + "' is not a whole number: pass e.g. -D"
              + key
              + "="
              + defaultValue);
    }
    if (value < min || value > max) {
      throw new StackConfigException(
          key + "=" + value + " is out of range: use a value from " + min + " to " + max);
    }
    return value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return true;
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw new StackConfigException(
            key + "='" + raw.get() + "' is not a boolean: use -D" + key + "=true or false");
    }
  }

  /** System properties starting with {@code prefix}, prefix removed (environment not consulted). */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> result = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            result.put(k.substring(prefix.length()), v);
          }
        });
    return result;
  }
}
