package io.pipelineperf.monitor;

import java.util.Map;

/** Reads one source of metrics once per tick. Must be cheap: it runs beside the load. */
public interface Sampler extends AutoCloseable {

  /** Short name used in log lines, e.g. "service metrics". */
  String name();

  /** Where the metrics come from, e.g. a URL; named in the warning when unreachable. */
  String source();

  /** Adds this tick's values under flat keys; throws when the source cannot be read. */
  void sample(Map<String, Double> into) throws Exception;

  @Override
  default void close() {}
}
