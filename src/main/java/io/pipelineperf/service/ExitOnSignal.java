package io.pipelineperf.service;

import sun.misc.Signal;

/**
 * SIGTERM/SIGINT normally end the JVM with status 143/130 after the shutdown hooks. A graceful stop
 * is a success, so these signals call {@code System.exit(0)} instead, which runs the same hooks.
 */
final class ExitOnSignal {
  private ExitOnSignal() {}

  static void install() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name), signal -> new Thread(() -> System.exit(0), "exit-on-" + name).start());
    }
  }
}
