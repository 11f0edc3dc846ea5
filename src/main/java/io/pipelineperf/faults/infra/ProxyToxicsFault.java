package io.pipelineperf.faults.infra;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.faults.proxy.FaultProxy;
import io.pipelineperf.faults.proxy.Toxic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A network fault on the service's paths: toxics added to the fault proxies in front of the broker
 * and/or PostgreSQL at inject, removed at heal. Used for {@code broker-slow-network}, {@code
 * broker-partition} and {@code network-partition}.
 */
public final class ProxyToxicsFault extends SimpleFault {
  /** Which proxy gets which toxics. */
  public record Target(
      String proxyName, Function<FaultContext, Optional<FaultProxy>> proxy, List<Toxic> toxics) {
    public static Target kafka(List<Toxic> toxics) {
      return new Target("kafka", FaultContext::kafkaProxy, toxics);
    }

    public static Target db(List<Toxic> toxics) {
      return new Target("postgres", FaultContext::dbProxy, toxics);
    }
  }

  private final List<Target> targets;

  public ProxyToxicsFault(
      String id,
      String description,
      String handledMeans,
      FaultContext context,
      List<Target> targets) {
    super(id, description, handledMeans, context);
    this.targets = List.copyOf(targets);
  }

  @Override
  public Optional<String> skipReason() {
    return context.requireProxies();
  }

  @Override
  public synchronized void inject() {
    List<Runnable> undo = new ArrayList<>();
    try {
      for (Target target : targets) {
        FaultProxy proxy = proxy(target);
        for (Toxic toxic : target.toxics()) {
          if (proxy.toxic(toxic.name()).isEmpty()) {
            proxy.add(toxic);
            undo.add(() -> proxy.remove(toxic.name()));
          }
        }
      }
    } catch (RuntimeException e) {
      undo.forEach(Runnable::run);
      throw e;
    }
  }

  @Override
  public synchronized void heal() {
    for (Target target : targets) {
      Optional<FaultProxy> proxy = target.proxy().apply(context);
      if (proxy.isPresent() && proxy.get().isRunning()) {
        target.toxics().forEach(t -> proxy.get().remove(t.name()));
      }
    }
  }

  private FaultProxy proxy(Target target) {
    return target
        .proxy()
        .apply(context)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    id()
                        + ": no "
                        + target.proxyName()
                        + " proxy: "
                        + context.requireProxies().orElse("")));
  }
}
