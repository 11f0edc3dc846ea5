package io.pipelineperf.service;

/** A setting is missing or invalid; the message names the setting and how to fix it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
