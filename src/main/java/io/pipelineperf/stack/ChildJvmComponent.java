package io.pipelineperf.stack;

import java.nio.file.Path;
import java.time.Duration;

/** A {@link Component} that is one child JVM: the signals and the state are the JVM's. */
abstract class ChildJvmComponent implements Component {

  /** The process; the same object across restarts. */
  protected abstract ChildJvm jvm();

  /** How long a graceful stop may take before SIGKILL. */
  protected abstract Duration stopGrace();

  @Override
  public void stop() {
    jvm().stop(stopGrace());
  }

  @Override
  public void kill() {
    jvm().kill();
  }

  @Override
  public void pause() {
    jvm().pause();
  }

  @Override
  public void resume() {
    jvm().resume();
  }

  @Override
  public boolean isRunning() {
    return jvm().isRunning();
  }

  @Override
  public long pid() {
    return jvm().pid();
  }

  @Override
  public Path logFile() {
    return jvm().logFile();
  }
}
