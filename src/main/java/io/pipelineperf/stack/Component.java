package io.pipelineperf.stack;

import java.nio.file.Path;

/** One process of the embedded stack that faults can be applied to. */
public interface Component {
  String name();

  /** (Re)starts on the same ports and data; returns once ready (bounded wait). */
  void start();

  /** Graceful: SIGTERM, bounded wait, then SIGKILL. */
  void stop();

  /** SIGKILL; returns when the process is gone. */
  void kill();

  /** SIGSTOP. */
  void pause();

  /** SIGCONT. */
  void resume();

  boolean isRunning();

  /** Process id of the running process, -1 when not running. */
  long pid();

  Path logFile();
}
