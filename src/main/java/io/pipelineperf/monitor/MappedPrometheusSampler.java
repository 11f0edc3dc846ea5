package io.pipelineperf.monitor;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Any service's Prometheus endpoint ({@code -Dservice.prometheus=<url>}) read through a {@link
 * MetricMapping} into the lab's series (e.g. svc.cpu.pct, svc.heap.used.bytes, pool.pending), so
 * the resource checks, the leak and cleanup checks and the resources page work for a service with
 * its own metric names.
 */
public final class MappedPrometheusSampler implements Sampler {

  private final URI uri;
  private final int timeoutMs;
  private final MetricMapping mapping;
  private final Map<String, double[]> previous = new HashMap<>(); // series -> {value, nanos}

  public MappedPrometheusSampler(String url, MetricMapping mapping, Duration timeout) {
    this.uri = URI.create(url);
    this.mapping = mapping;
    this.timeoutMs = (int) timeout.toMillis();
  }

  @Override
  public String name() {
    return "service Prometheus endpoint";
  }

  @Override
  public String source() {
    return uri.toString();
  }

  @Override
  public void sample(Map<String, Double> into) throws IOException {
    evaluate(
        PrometheusScrape.parse(PrometheusScrape.fetch(uri, timeoutMs), mapping.metricNames()),
        System.nanoTime(),
        into);
  }

  void evaluate(PrometheusScrape scrape, long nanos, Map<String, Double> into) {
    for (MetricMapping.Rule rule : mapping.rules()) {
      OptionalDouble value = rule.read(scrape);
      if (value.isEmpty() || !Double.isFinite(value.getAsDouble())) {
        continue;
      }
      double v = value.getAsDouble();
      if (!rule.isRate()) {
        into.put(rule.series(), v * rule.factor());
        continue;
      }
      double[] before = previous.put(rule.series(), new double[] {v, nanos});
      if (before != null && nanos > before[1] && v >= before[0]) {
        into.put(rule.series(), (v - before[0]) / ((nanos - before[1]) / 1e9) * rule.factor());
      }
    }
  }
}
