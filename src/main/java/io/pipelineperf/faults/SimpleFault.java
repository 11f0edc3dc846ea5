package io.pipelineperf.faults;

import java.util.Optional;

/** The parts every fault in the catalogue shares: its texts and the context it acts on. */
public abstract class SimpleFault implements Fault {
  private final String id;
  private final String description;
  private final String handledMeans;
  protected final FaultContext context;

  protected SimpleFault(String id, String description, String handledMeans, FaultContext context) {
    this.id = id;
    this.description = description;
    this.handledMeans = handledMeans;
    this.context = context;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String handledMeans() {
    return handledMeans;
  }

  /** By default a fault needs the embedded stack. */
  @Override
  public Optional<String> skipReason() {
    return context.requireEmbedded();
  }

  @Override
  public String toString() {
    return id;
  }
}
