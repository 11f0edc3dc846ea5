package io.pipelineperf.payload;

import io.gatling.javaapi.core.FeederBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import scala.Function0;
import scala.collection.Iterator;

/**
 * A Gatling feeder made only when Gatling builds the scenario, after the simulation's {@code
 * before()}: Gatling's {@code jdbcFeeder} runs its query at once, and the stack's database does not
 * exist yet when the simulation is constructed.
 */
final class LazyFeederBuilder implements FeederBuilder<Object> {

  private final Supplier<FeederBuilder<Object>> make;
  private volatile FeederBuilder<Object> made;

  LazyFeederBuilder(Supplier<FeederBuilder<Object>> make) {
    this.make = make;
  }

  private FeederBuilder<Object> delegate() {
    FeederBuilder<Object> d = made;
    if (d == null) {
      synchronized (this) {
        d = made;
        if (d == null) {
          d = make.get();
          made = d;
        }
      }
    }
    return d;
  }

  @Override
  public FeederBuilder<Object> queue() {
    return new LazyFeederBuilder(() -> delegate().queue());
  }

  @Override
  public FeederBuilder<Object> random() {
    return new LazyFeederBuilder(() -> delegate().random());
  }

  @Override
  public FeederBuilder<Object> shuffle() {
    return new LazyFeederBuilder(() -> delegate().shuffle());
  }

  @Override
  public FeederBuilder<Object> circular() {
    return new LazyFeederBuilder(() -> delegate().circular());
  }

  @Override
  public FeederBuilder<Object> transform(BiFunction<String, Object, Object> f) {
    return new LazyFeederBuilder(() -> delegate().transform(f));
  }

  @Override
  public List<Map<String, Object>> readRecords() {
    return delegate().readRecords();
  }

  @Override
  public int recordsCount() {
    return delegate().recordsCount();
  }

  @Override
  public FeederBuilder<Object> shard() {
    return new LazyFeederBuilder(() -> delegate().shard());
  }

  @Override
  public Function0<Iterator<scala.collection.immutable.Map<String, Object>>> asScala() {
    return () -> delegate().asScala().apply();
  }
}
